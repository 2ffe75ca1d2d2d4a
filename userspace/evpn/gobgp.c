// SPDX-License-Identifier: GPL-2.0
/*
 * GoBGP's gRPC API (service apipb.GobgpApi) over gRPC's C core, with the
 * messages packed and unpacked by protobuf-c.
 *
 * Unary and server-streaming calls (GetBgp, AddPath, DeletePath, ListPeer)
 * run synchronously on a pluck completion queue.  The WatchEvent stream
 * lives on a "next" queue that the main loop polls.
 */
#include <string.h>
#include <time.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

#include "gobgp.pb-c.h"
#include "evpn.h"

#define CALL_MS		5000
#define WATCH_METHOD	"/apipb.GobgpApi/WatchEvent"

static grpc_channel *chan;
static grpc_completion_queue *pcq, *wcq;
static grpc_call *watch;
static bool grpc_up;

/* The watch stream's state. */
static grpc_byte_buffer *w_msg;
static grpc_metadata_array w_md, w_trailer;
static grpc_status_code w_status;
static grpc_slice w_details;
enum { TAG_START = 1, TAG_MSG, TAG_STATUS };
static bool w_start_done, w_status_done, w_recv_pending;

static gpr_timespec after_ms(int ms)
{
	return gpr_time_add(gpr_now(GPR_CLOCK_REALTIME),
			    gpr_time_from_millis(ms, GPR_TIMESPAN));
}

static grpc_byte_buffer *pack(const ProtobufCMessage *m)
{
	size_t len = protobuf_c_message_get_packed_size(m);
	grpc_slice s = grpc_slice_malloc(len);
	grpc_byte_buffer *bb;

	protobuf_c_message_pack(m, GRPC_SLICE_START_PTR(s));
	bb = grpc_raw_byte_buffer_create(&s, 1);
	grpc_slice_unref(s);
	return bb;
}

static ProtobufCMessage *unpack(const ProtobufCMessageDescriptor *d,
				grpc_byte_buffer *bb)
{
	grpc_byte_buffer_reader r;
	ProtobufCMessage *m;
	grpc_slice s;

	if (!grpc_byte_buffer_reader_init(&r, bb))
		return NULL;
	s = grpc_byte_buffer_reader_readall(&r);
	grpc_byte_buffer_reader_destroy(&r);
	m = protobuf_c_message_unpack(d, NULL, GRPC_SLICE_LENGTH(s),
				      GRPC_SLICE_START_PTR(s));
	grpc_slice_unref(s);
	return m;
}

int gb_connect(const char *target)
{
	grpc_channel_credentials *cred;

	if (!grpc_up) {
		grpc_init();
		grpc_up = true;
		pcq = grpc_completion_queue_create_for_pluck(NULL);
	}
	cred = grpc_insecure_credentials_create();
	chan = grpc_channel_create(target, cred, NULL);
	grpc_channel_credentials_release(cred);
	return chan ? 0 : -1;
}

static void drain(grpc_completion_queue *cq)
{
	grpc_event ev;

	grpc_completion_queue_shutdown(cq);
	do {
		ev = grpc_completion_queue_next(cq, gpr_inf_future(GPR_CLOCK_REALTIME),
						NULL);
	} while (ev.type != GRPC_QUEUE_SHUTDOWN);
	grpc_completion_queue_destroy(cq);
}

static void watch_free(void)
{
	if (!watch)
		return;
	grpc_call_cancel(watch, NULL);
	/* Let the pending operations finish before the call goes. */
	while (!w_status_done || !w_start_done || w_recv_pending) {
		grpc_event ev = grpc_completion_queue_next(wcq, after_ms(1000), NULL);

		if (ev.type != GRPC_OP_COMPLETE)
			break;
		if ((intptr_t)ev.tag == TAG_STATUS) {
			w_status_done = true;
		} else if ((intptr_t)ev.tag == TAG_START) {
			w_start_done = true;
		} else if ((intptr_t)ev.tag == TAG_MSG) {
			w_recv_pending = false;
			if (w_msg)
				grpc_byte_buffer_destroy(w_msg);
			w_msg = NULL;
		}
	}
	grpc_call_unref(watch);
	watch = NULL;
	grpc_metadata_array_destroy(&w_md);
	grpc_metadata_array_destroy(&w_trailer);
	grpc_slice_unref(w_details);
	drain(wcq);
	wcq = NULL;
}

void gb_disconnect(void)
{
	watch_free();
	if (chan)
		grpc_channel_destroy(chan);
	chan = NULL;
}

/*
 * A call with one request and zero or more responses, each handed to @cb.
 * Returns 0, or -1 after logging the gRPC status.
 */
static int call(const char *method, const ProtobufCMessage *req,
		const ProtobufCMessageDescriptor *rdesc,
		void (*cb)(ProtobufCMessage *m, void *data), void *data)
{
	gpr_timespec deadline = after_ms(CALL_MS);
	grpc_metadata_array md, trailer;
	grpc_byte_buffer *out, *in = NULL;
	grpc_status_code status = GRPC_STATUS_UNKNOWN;
	grpc_slice details = grpc_empty_slice();
	grpc_op ops[4];
	grpc_event ev;
	grpc_call *c;
	int ret = 0;

	if (!chan)
		return -1;
	c = grpc_channel_create_call(chan, NULL, GRPC_PROPAGATE_DEFAULTS, pcq,
				     grpc_slice_from_static_string(method), NULL,
				     deadline, NULL);
	grpc_metadata_array_init(&md);
	grpc_metadata_array_init(&trailer);
	out = pack(req);
	memset(ops, 0, sizeof(ops));
	ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
	ops[1].op = GRPC_OP_SEND_MESSAGE;
	ops[1].data.send_message.send_message = out;
	ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
	ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
	ops[3].data.recv_initial_metadata.recv_initial_metadata = &md;
	if (grpc_call_start_batch(c, ops, 4, (void *)1, NULL) != GRPC_CALL_OK) {
		ret = -1;
		goto out;
	}
	ev = grpc_completion_queue_pluck(pcq, (void *)1, deadline, NULL);
	/* Messages until there are none (the call ended). */
	for (;;) {
		ProtobufCMessage *m;

		memset(ops, 0, sizeof(ops));
		ops[0].op = GRPC_OP_RECV_MESSAGE;
		ops[0].data.recv_message.recv_message = &in;
		if (grpc_call_start_batch(c, ops, 1, (void *)2, NULL) != GRPC_CALL_OK)
			break;
		ev = grpc_completion_queue_pluck(pcq, (void *)2, deadline, NULL);
		if (ev.type != GRPC_OP_COMPLETE || !ev.success || !in)
			break;
		m = unpack(rdesc, in);
		grpc_byte_buffer_destroy(in);
		in = NULL;
		if (!m) {
			logmsg("gobgp: %s: cannot unpack the reply", method);
			ret = -1;
			continue;
		}
		if (cb)
			cb(m, data);
		protobuf_c_message_free_unpacked(m, NULL);
	}
	memset(ops, 0, sizeof(ops));
	ops[0].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
	ops[0].data.recv_status_on_client.trailing_metadata = &trailer;
	ops[0].data.recv_status_on_client.status = &status;
	ops[0].data.recv_status_on_client.status_details = &details;
	if (grpc_call_start_batch(c, ops, 1, (void *)3, NULL) == GRPC_CALL_OK)
		ev = grpc_completion_queue_pluck(pcq, (void *)3,
						 gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
	if (status != GRPC_STATUS_OK) {
		char *d = grpc_slice_to_c_string(details);

		/* While gobgpd is away the main loop says so, once. */
		if (stats.connected || status != GRPC_STATUS_UNAVAILABLE)
			logmsg("gobgp: %s: status %d: %s", method, status, d);
		last_error("gobgp %s: status %d: %s", method, status, d);
		gpr_free(d);
		ret = -1;
	}
out:
	grpc_byte_buffer_destroy(out);
	grpc_metadata_array_destroy(&md);
	grpc_metadata_array_destroy(&trailer);
	grpc_slice_unref(details);
	grpc_call_unref(c);
	return ret;
}

struct bgp_info {
	uint32_t asn;
	char *rid;
	size_t len;
	bool ok;
};

static void bgp_cb(ProtobufCMessage *m, void *data)
{
	Apipb__GetBgpResponse *r = (Apipb__GetBgpResponse *)m;
	struct bgp_info *bi = data;

	if (!r->global)
		return;
	bi->asn = r->global->asn;
	snprintf(bi->rid, bi->len, "%s", r->global->router_id ?: "");
	bi->ok = true;
}

int gb_get_asn(uint32_t *asn, char *router_id, size_t len)
{
	Apipb__GetBgpRequest req = APIPB__GET_BGP_REQUEST__INIT;
	struct bgp_info bi = { .rid = router_id, .len = len };

	if (call("/apipb.GobgpApi/GetBgp", &req.base,
		 &apipb__get_bgp_response__descriptor, bgp_cb, &bi) || !bi.ok ||
	    !bi.asn)
		return -1;
	*asn = bi.asn;
	return 0;
}

static void uuid_cb(ProtobufCMessage *m, void *data)
{
	Apipb__AddPathResponse *r = (Apipb__AddPathResponse *)m;
	ProtobufCBinaryData *u = data;

	if (r->uuid.len <= 16) {
		memcpy(u->data, r->uuid.data, r->uuid.len);
		u->len = r->uuid.len;
	}
}

int gb_add_path(const struct Apipb__Path *p, uint8_t *uuid, size_t *uuid_len)
{
	Apipb__AddPathRequest req = APIPB__ADD_PATH_REQUEST__INIT;
	ProtobufCBinaryData u = { .data = uuid, .len = 0 };

	req.table_type = APIPB__TABLE_TYPE__GLOBAL;
	req.path = (Apipb__Path *)p;
	if (call("/apipb.GobgpApi/AddPath", &req.base,
		 &apipb__add_path_response__descriptor, uuid_cb, &u))
		return -1;
	*uuid_len = u.len;
	return 0;
}

int gb_del_path(const uint8_t *uuid, size_t uuid_len)
{
	Apipb__DeletePathRequest req = APIPB__DELETE_PATH_REQUEST__INIT;

	req.table_type = APIPB__TABLE_TYPE__GLOBAL;
	req.uuid.data = (uint8_t *)uuid;
	req.uuid.len = uuid_len;
	return call("/apipb.GobgpApi/DeletePath", &req.base,
		    &google__protobuf__empty__descriptor, NULL, NULL);
}

int gb_del_path_obj(const struct Apipb__Path *p)
{
	Apipb__DeletePathRequest req = APIPB__DELETE_PATH_REQUEST__INIT;

	req.table_type = APIPB__TABLE_TYPE__GLOBAL;
	req.family = p->family;
	req.path = (Apipb__Path *)p;
	return call("/apipb.GobgpApi/DeletePath", &req.base,
		    &google__protobuf__empty__descriptor, NULL, NULL);
}

/* Does @a hold a message of type @d (by its type URL's last part)? */
bool gb_any_is(const struct Google__Protobuf__Any *a,
	       const struct ProtobufCMessageDescriptor *d)
{
	const char *s;

	if (!a || !a->type_url)
		return false;
	s = strrchr(a->type_url, '/');
	return !strcmp(s ? s + 1 : a->type_url, d->name);
}

struct path_walk {
	gb_path_cb cb;
	void *data;
};

static void path_cb(ProtobufCMessage *m, void *data)
{
	Apipb__ListPathResponse *r = (Apipb__ListPathResponse *)m;
	struct path_walk *w = data;
	size_t i;

	if (!r->destination)
		return;
	for (i = 0; i < r->destination->n_paths; i++)
		w->cb(r->destination->paths[i], w->data);
}

/* Every path of GoBGP's global EVPN table. */
int gb_list_evpn_paths(gb_path_cb cb, void *data)
{
	Apipb__ListPathRequest req = APIPB__LIST_PATH_REQUEST__INIT;
	Apipb__Family fam = APIPB__FAMILY__INIT;
	struct path_walk w = { cb, data };

	fam.afi = APIPB__FAMILY__AFI__AFI_L2VPN;
	fam.safi = APIPB__FAMILY__SAFI__SAFI_EVPN;
	req.table_type = APIPB__TABLE_TYPE__GLOBAL;
	req.family = &fam;
	return call("/apipb.GobgpApi/ListPath", &req.base,
		    &apipb__list_path_response__descriptor, path_cb, &w);
}

struct peer_walk {
	gb_peer_cb cb;
	void *data;
};

static void peer_cb(ProtobufCMessage *m, void *data)
{
	Apipb__ListPeerResponse *r = (Apipb__ListPeerResponse *)m;
	struct peer_walk *w = data;

	if (!r->peer || !r->peer->conf)
		return;
	w->cb(r->peer->conf->neighbor_address, r->peer->conf->peer_asn,
	      r->peer->state ? (int)r->peer->state->session_state : 0, w->data);
}

int gb_list_peers(gb_peer_cb cb, void *data)
{
	Apipb__ListPeerRequest req = APIPB__LIST_PEER_REQUEST__INIT;
	struct peer_walk w = { cb, data };

	return call("/apipb.GobgpApi/ListPeer", &req.base,
		    &apipb__list_peer_response__descriptor, peer_cb, &w);
}

static int watch_recv(void)
{
	grpc_op op;

	memset(&op, 0, sizeof(op));
	op.op = GRPC_OP_RECV_MESSAGE;
	op.data.recv_message.recv_message = &w_msg;
	if (grpc_call_start_batch(watch, &op, 1, (void *)TAG_MSG, NULL) != GRPC_CALL_OK)
		return -1;
	w_recv_pending = true;
	return 0;
}

/* WatchEvent { table { filters { type BEST, init true } } } */
int gb_watch_start(void)
{
	Apipb__WatchEventRequest req = APIPB__WATCH_EVENT_REQUEST__INIT;
	Apipb__WatchEventRequest__Table tbl = APIPB__WATCH_EVENT_REQUEST__TABLE__INIT;
	Apipb__WatchEventRequest__Table__Filter f =
		APIPB__WATCH_EVENT_REQUEST__TABLE__FILTER__INIT;
	Apipb__WatchEventRequest__Table__Filter *fp = &f;
	grpc_byte_buffer *out;
	grpc_op ops[5];
	grpc_call_error e;

	f.type = APIPB__WATCH_EVENT_REQUEST__TABLE__FILTER__TYPE__BEST;
	f.init = true;
	tbl.n_filters = 1;
	tbl.filters = &fp;
	req.table = &tbl;

	wcq = grpc_completion_queue_create_for_next(NULL);
	watch = grpc_channel_create_call(chan, NULL, GRPC_PROPAGATE_DEFAULTS, wcq,
					 grpc_slice_from_static_string(WATCH_METHOD), NULL,
					 gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
	grpc_metadata_array_init(&w_md);
	grpc_metadata_array_init(&w_trailer);
	w_details = grpc_empty_slice();
	w_start_done = false;
	w_status_done = false;
	w_recv_pending = false;
	w_msg = NULL;
	out = pack(&req.base);
	memset(ops, 0, sizeof(ops));
	ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
	ops[1].op = GRPC_OP_SEND_MESSAGE;
	ops[1].data.send_message.send_message = out;
	ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
	ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
	ops[3].data.recv_initial_metadata.recv_initial_metadata = &w_md;
	e = grpc_call_start_batch(watch, ops, 4, (void *)TAG_START, NULL);
	grpc_byte_buffer_destroy(out);
	if (e != GRPC_CALL_OK)
		goto fail;
	memset(ops, 0, sizeof(ops));
	ops[0].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
	ops[0].data.recv_status_on_client.trailing_metadata = &w_trailer;
	ops[0].data.recv_status_on_client.status = &w_status;
	ops[0].data.recv_status_on_client.status_details = &w_details;
	if (grpc_call_start_batch(watch, ops, 1, (void *)TAG_STATUS, NULL) != GRPC_CALL_OK) {
		w_status_done = true;
		goto fail;
	}
	if (watch_recv())
		goto fail;
	return 0;
fail:
	w_start_done = true;
	w_status_done = true;
	watch_free();
	return -1;
}

static void handle_event(grpc_byte_buffer *bb)
{
	Apipb__WatchEventResponse *r;

	r = (Apipb__WatchEventResponse *)unpack(&apipb__watch_event_response__descriptor, bb);
	if (!r) {
		logmsg("gobgp: cannot unpack a WatchEvent message");
		return;
	}
	stats.events++;
	if (r->event_case == APIPB__WATCH_EVENT_RESPONSE__EVENT_TABLE && r->table) {
		uint64_t ns, k0 = stats.kernel_ns;
		struct timespec t0, t1, c0, c1;

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		import_paths(r->table->paths, r->table->n_paths);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
		ns = ns_between(&t0, &t1);
		stats.import_cpu_ns += ns_between(&c0, &c1);
		stats.table_events++;
		stats.import_paths += r->table->n_paths;
		stats.import_ns += ns;
		stats.import_kernel_ns += stats.kernel_ns - k0;
		if (ns > stats.import_event_ns_max)
			stats.import_event_ns_max = ns;
	}
	protobuf_c_message_free_unpacked(&r->base, NULL);
}

int gb_watch_poll(int ms)
{
	grpc_event ev;

	if (!watch)
		return -1;
	ev = grpc_completion_queue_next(wcq, after_ms(ms), NULL);
	if (ev.type == GRPC_QUEUE_TIMEOUT)
		return 0;
	if (ev.type != GRPC_OP_COMPLETE)
		return -1;
	switch ((intptr_t)ev.tag) {
	case TAG_START:
		w_start_done = true;
		return ev.success ? 0 : -1;
	case TAG_MSG:
		w_recv_pending = false;
		if (!w_msg)	/* the stream ended; TAG_STATUS tells why */
			return 0;
		handle_event(w_msg);
		grpc_byte_buffer_destroy(w_msg);
		w_msg = NULL;
		return watch_recv() ? -1 : 1;
	case TAG_STATUS: {
		char *d = grpc_slice_to_c_string(w_details);

		w_status_done = true;
		logmsg("gobgp: the WatchEvent stream ended: status %d: %s",
		       w_status, d);
		last_error("gobgp WatchEvent ended: status %d: %s", w_status, d);
		gpr_free(d);
		return -1;
	}
	}
	return 0;
}
