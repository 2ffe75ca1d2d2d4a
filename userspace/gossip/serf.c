// SPDX-License-Identifier: GPL-2.0
/*
 * vxip-gossip: a client of the Serf agent's RPC (msgpack over TCP).
 *
 * A request is a header map { Command, Seq } and, for some commands, a
 * body map.  A response is a header { Seq, Error } and, for some, a body.
 * A stream acknowledges with a header alone, then sends each event as a
 * header (its Seq) and a body { Event, Members }.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <msgpack.h>

#include "gossip.h"

char serf_errmsg[256];

#define UNP(r)	((msgpack_unpacker *)(r)->unp)

/* Old-spec raw strings: understood by every msgpack decoder. */
static void pack_str(msgpack_packer *pk, const char *s)
{
	size_t n = strlen(s);

	msgpack_pack_v4raw(pk, n);
	msgpack_pack_v4raw_body(pk, s, n);
}

static void pack_header(msgpack_packer *pk, const char *cmd, uint64_t seq)
{
	msgpack_pack_map(pk, 2);
	pack_str(pk, "Command");
	pack_str(pk, cmd);
	pack_str(pk, "Seq");
	msgpack_pack_uint64(pk, seq);
}

static int send_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static bool str_eq(const msgpack_object *o, const char *s)
{
	size_t n = strlen(s);

	if (o->type == MSGPACK_OBJECT_STR)
		return o->via.str.size == n && !memcmp(o->via.str.ptr, s, n);
	if (o->type == MSGPACK_OBJECT_BIN)
		return o->via.bin.size == n && !memcmp(o->via.bin.ptr, s, n);
	return false;
}

/* Copy a string (or bin) object; false if it is neither or too long. */
static bool str_copy(const msgpack_object *o, char *buf, size_t len)
{
	const char *p;
	uint32_t n;

	if (o->type == MSGPACK_OBJECT_STR) {
		p = o->via.str.ptr;
		n = o->via.str.size;
	} else if (o->type == MSGPACK_OBJECT_BIN) {
		p = o->via.bin.ptr;
		n = o->via.bin.size;
	} else {
		return false;
	}
	if (n >= len)
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return true;
}

static const msgpack_object *map_get(const msgpack_object *o, const char *key)
{
	uint32_t i;

	if (o->type != MSGPACK_OBJECT_MAP)
		return NULL;
	for (i = 0; i < o->via.map.size; i++)
		if (str_eq(&o->via.map.ptr[i].key, key))
			return &o->via.map.ptr[i].val;
	return NULL;
}

/* Read one object from the connection (blocking, with a timeout). */
static int read_obj(struct serf_rpc *r, msgpack_unpacked *res, int timeout_ms)
{
	for (;;) {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		msgpack_unpack_return ret;
		ssize_t n;

		ret = msgpack_unpacker_next(UNP(r), res);
		if (ret == MSGPACK_UNPACK_SUCCESS)
			return 0;
		if (ret != MSGPACK_UNPACK_CONTINUE)
			return -EPROTO;
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -ETIMEDOUT;
		if (!msgpack_unpacker_reserve_buffer(UNP(r), 65536))
			return -ENOMEM;
		n = recv(r->fd, msgpack_unpacker_buffer(UNP(r)),
			 msgpack_unpacker_buffer_capacity(UNP(r)), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -errno : -ECONNRESET;
		msgpack_unpacker_buffer_consumed(UNP(r), (size_t)n);
	}
}

/* The response header of @seq: 0, or -EREMOTEIO with serf_errmsg set. */
static int check_header(const msgpack_object *o, uint64_t seq)
{
	const msgpack_object *s = map_get(o, "Seq"), *e = map_get(o, "Error");

	if (!s || s->type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
	    s->via.u64 != seq) {
		snprintf(serf_errmsg, sizeof(serf_errmsg),
			 "unexpected RPC response");
		return -EPROTO;
	}
	if (e && !str_copy(e, serf_errmsg, sizeof(serf_errmsg)))
		serf_errmsg[0] = '\0';
	return e && serf_errmsg[0] ? -EREMOTEIO : 0;
}

/*
 * Send a request (with @body packed by @fill if given) and read its
 * header, and its body into @res if @want_body.
 */
static int call(struct serf_rpc *r, const char *cmd,
		void (*fill)(msgpack_packer *pk, const void *arg),
		const void *arg, msgpack_unpacked *res, bool want_body)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	msgpack_unpacked hdr;
	uint64_t seq = r->seq++;
	int err;

	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	pack_header(&pk, cmd, seq);
	if (fill)
		fill(&pk, arg);
	err = send_all(r->fd, sb.data, sb.size);
	msgpack_sbuffer_destroy(&sb);
	if (err)
		return err;
	msgpack_unpacked_init(&hdr);
	err = read_obj(r, &hdr, 10000);
	if (!err)
		err = check_header(&hdr.data, seq);
	msgpack_unpacked_destroy(&hdr);
	if (!err && want_body)
		err = read_obj(r, res, 10000);
	if (err && !serf_errmsg[0])
		snprintf(serf_errmsg, sizeof(serf_errmsg), "%s: %s", cmd,
			 strerror(-err));
	return err;
}

static void fill_handshake(msgpack_packer *pk, const void *arg)
{
	(void)arg;
	msgpack_pack_map(pk, 1);
	pack_str(pk, "Version");
	msgpack_pack_int32(pk, 1);
}

/* "A.B.C.D:PORT" or "[IPV6]:PORT" */
static int tcp_connect(const char *addr)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr *sa = (struct sockaddr *)&sin;
	socklen_t salen = sizeof(sin);
	struct ipaddr a;
	uint16_t port;
	int fd;

	if (parse_hostport(addr, true, &a, &port))
		return -EINVAL;
	if (a.family == AF_INET) {
		memcpy(&sin.sin_addr, a.addr, 4);
		sin.sin_port = htons(port);
	} else {
		memcpy(&sin6.sin6_addr, a.addr, 16);
		sin6.sin6_port = htons(port);
		sa = (struct sockaddr *)&sin6;
		salen = sizeof(sin6);
	}
	fd = socket(a.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, sa, salen) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Connect and shake hands, retrying for up to @timeout_ms. */
int serf_connect(struct serf_rpc *r, const char *addr, int timeout_ms)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int fd, waited = 0, err;

	memset(r, 0, sizeof(*r));
	serf_errmsg[0] = '\0';
	for (;;) {
		fd = tcp_connect(addr);
		if (fd >= 0 || waited >= timeout_ms)
			break;
		nanosleep(&ts, NULL);
		waited += 100;
	}
	if (fd < 0) {
		snprintf(serf_errmsg, sizeof(serf_errmsg),
			 "cannot reach the Serf agent's RPC at %s: %s", addr,
			 strerror(-fd));
		return fd;
	}
	r->fd = fd;
	r->unp = msgpack_unpacker_new(65536);
	if (!r->unp) {
		close(fd);
		return -ENOMEM;
	}
	err = call(r, "handshake", fill_handshake, NULL, NULL, false);
	if (err)
		serf_close(r);
	return err;
}

void serf_close(struct serf_rpc *r)
{
	if (r->unp)
		msgpack_unpacker_free(UNP(r));
	if (r->fd > 0)
		close(r->fd);
	r->unp = NULL;
	r->fd = -1;
}

static void parse_member(const msgpack_object *o, struct serf_member *m)
{
	const msgpack_object *v;
	uint32_t i;

	memset(m, 0, sizeof(*m));
	v = map_get(o, "Name");
	if (v)
		str_copy(v, m->name, sizeof(m->name));
	v = map_get(o, "Status");
	if (v)
		str_copy(v, m->status, sizeof(m->status));
	v = map_get(o, "Tags");
	if (!v || v->type != MSGPACK_OBJECT_MAP)
		return;
	for (i = 0; i < v->via.map.size; i++) {
		struct serf_tag *t = &m->tags[m->n_tags];

		if (m->n_tags == SERF_MAX_TAGS) {
			m->too_many_tags = true;
			break;
		}
		if (!str_copy(&v->via.map.ptr[i].key, t->key, sizeof(t->key)))
			continue;	/* a key we never use */
		if (!str_copy(&v->via.map.ptr[i].val, t->val, sizeof(t->val)))
			strcpy(t->val, "\x01");	/* too long: invalid */
		m->n_tags++;
	}
}

/* The members of a { Members: [...] } body, in a new array. */
static int parse_members(const msgpack_object *body, struct serf_member **out,
			 unsigned int *n)
{
	const msgpack_object *arr = map_get(body, "Members");
	struct serf_member *m;
	uint32_t i;

	*out = NULL;
	*n = 0;
	if (!arr || arr->type != MSGPACK_OBJECT_ARRAY)
		return -EPROTO;
	m = calloc(arr->via.array.size + 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	for (i = 0; i < arr->via.array.size; i++)
		parse_member(&arr->via.array.ptr[i], &m[i]);
	*out = m;
	*n = arr->via.array.size;
	return 0;
}

int serf_members(struct serf_rpc *r, struct serf_member **out, unsigned int *n)
{
	msgpack_unpacked res;
	int err;

	msgpack_unpacked_init(&res);
	err = call(r, "members", NULL, NULL, &res, true);
	if (!err)
		err = parse_members(&res.data, out, n);
	msgpack_unpacked_destroy(&res);
	return err;
}

int serf_leave(struct serf_rpc *r)
{
	return call(r, "leave", NULL, NULL, NULL, false);
}

struct tags_arg {
	const struct serf_tag *t;
	unsigned int n;
};

static void fill_tags(msgpack_packer *pk, const void *arg)
{
	const struct tags_arg *a = arg;
	unsigned int i;

	msgpack_pack_map(pk, 2);
	pack_str(pk, "Tags");
	msgpack_pack_map(pk, a->n);
	for (i = 0; i < a->n; i++) {
		pack_str(pk, a->t[i].key);
		pack_str(pk, a->t[i].val);
	}
	pack_str(pk, "DeleteTags");
	msgpack_pack_array(pk, 0);
}

int serf_set_tags(struct serf_rpc *r, const struct serf_tag *t, unsigned int n)
{
	struct tags_arg a = { t, n };

	return call(r, "tags", fill_tags, &a, NULL, false);
}

static void fill_stream(msgpack_packer *pk, const void *arg)
{
	msgpack_pack_map(pk, 1);
	pack_str(pk, "Type");
	pack_str(pk, arg);
}

/* Start the event stream; events are then read by serf_stream_read. */
int serf_stream(struct serf_rpc *r, const char *filter)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	int err;

	r->stream_seq = r->seq++;
	r->stream_acked = false;
	r->want_body = false;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	pack_header(&pk, "stream", r->stream_seq);
	fill_stream(&pk, filter);
	err = send_all(r->fd, sb.data, sb.size);
	msgpack_sbuffer_destroy(&sb);
	return err;
}

static int stream_obj(struct serf_rpc *r, const msgpack_object *o,
		      serf_event_cb cb, void *data)
{
	const msgpack_object *ev;
	struct serf_member *m;
	char event[32];
	unsigned int n;
	int err;

	if (!r->want_body) {
		err = check_header(o, r->stream_seq);
		if (err)
			return err;
		/* The first header acknowledges; each later one has a body. */
		if (r->stream_acked)
			r->want_body = true;
		r->stream_acked = true;
		return 0;
	}
	r->want_body = false;
	ev = map_get(o, "Event");
	if (!ev || !str_copy(ev, event, sizeof(event)))
		return -EPROTO;
	err = parse_members(o, &m, &n);
	if (err)
		return err;
	cb(data, event, m, n);
	free(m);
	return 0;
}

int serf_stream_read(struct serf_rpc *r, serf_event_cb cb, void *data)
{
	msgpack_unpacked res;
	msgpack_unpack_return ret;
	ssize_t n;
	int err = 0;

	if (!msgpack_unpacker_reserve_buffer(UNP(r), 65536))
		return -ENOMEM;
	n = recv(r->fd, msgpack_unpacker_buffer(UNP(r)),
		 msgpack_unpacker_buffer_capacity(UNP(r)), MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return n ? -errno : -ECONNRESET;
	msgpack_unpacker_buffer_consumed(UNP(r), (size_t)n);
	msgpack_unpacked_init(&res);
	while ((ret = msgpack_unpacker_next(UNP(r), &res)) ==
	       MSGPACK_UNPACK_SUCCESS) {
		err = stream_obj(r, &res.data, cb, data);
		if (err)
			break;
	}
	if (!err && ret != MSGPACK_UNPACK_CONTINUE)
		err = -EPROTO;
	msgpack_unpacked_destroy(&res);
	return err;
}

const char *serf_tag(const struct serf_member *m, const char *key)
{
	unsigned int i;

	for (i = 0; i < m->n_tags; i++)
		if (!strcmp(m->tags[i].key, key))
			return m->tags[i].val;
	return NULL;
}
