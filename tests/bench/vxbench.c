// SPDX-License-Identifier: GPL-2.0
/*
 * vxbench: the traffic ends of make bench.
 *
 *   vxbench udp-sink  PORT SECS          count datagrams of one stream
 *   vxbench udp-blast ADDR PORT SECS LEN send LEN-byte datagrams for SECS
 *   vxbench rr-server PORT               TCP 1-byte echo, one connection
 *   vxbench rr-client ADDR PORT SECS     TCP 1-byte ping-pong for SECS
 *   vxbench genl-rate DEV PEER N MODE    N FDB_NEW requests to vxip device
 *                                        DEV (MACs 12:..., to PEER), each
 *                                        acknowledged; MODE sync: one per
 *                                        send(), the next after its ACK;
 *                                        batch: BATCH requests per send()
 *
 * Each prints one line of "key=value" pairs.  The blaster batches with
 * sendmmsg() so that it costs far less per packet than iperf3 does; its
 * own ceiling is measured by blasting into a dummy device.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vxip.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAX_LEN 1500
#define MAX_SAMPLES (1 << 22)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int parse_addr(const char *addr, const char *port,
		      struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(atoi(port));
	if (addr && inet_pton(AF_INET, addr, &sin->sin_addr) != 1) {
		fprintf(stderr, "vxbench: bad address %s\n", addr);
		exit(2);
	}
	return 0;
}

static int udp_sink(int argc, char **argv)
{
	static char bufs[BATCH][MAX_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in sin;
	double secs, t0 = 0, t_last = 0;
	unsigned long long pkts = 0;
	int fd, i, n, rcvbuf = 8 << 20;

	if (argc != 2)
		return 2;
	parse_addr(NULL, argv[0], &sin);
	secs = atof(argv[1]);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = MAX_LEN;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	/*
	 * Tell the caller we are bound, wait up to SECS for the first packet,
	 * then count until the stream has been quiet for half a second.
	 */
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (poll(&pfd, 1, t0 ? 500 : (int)(secs * 1000)) <= 0)
			break;
		n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			continue;
		if (!t0)
			t0 = now();
		pkts += n;
		t_last = now();
	}
	printf("pkts=%llu secs=%.3f pps=%.0f\n", pkts, t_last - t0,
	       t_last > t0 ? pkts / (t_last - t0) : 0);
	return 0;
}

static int udp_blast(int argc, char **argv)
{
	static char buf[MAX_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov;
	struct sockaddr_in sin;
	unsigned long long sent = 0, errs = 0;
	double secs, t0, t;
	int fd, i, n, len;

	if (argc != 4)
		return 2;
	parse_addr(argv[0], argv[1], &sin);
	secs = atof(argv[2]);
	len = atoi(argv[3]);
	if (len < 1 || len > MAX_LEN)
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect");
	iov.iov_base = buf;
	iov.iov_len = len;
	for (i = 0; i < BATCH; i++) {
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now();
	do {
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0)
			sent += n;
		else if (errno == ENOBUFS || errno == ECONNREFUSED ||
			 errno == EAGAIN)
			errs++;
		else
			die("sendmmsg");
		t = now();
	} while (t - t0 < secs);
	printf("sent=%llu errors=%llu secs=%.3f pps=%.0f\n", sent, errs,
	       t - t0, sent / (t - t0));
	return 0;
}

static void xfer(int fd, char *c, int out)
{
	ssize_t r = out ? write(fd, c, 1) : read(fd, c, 1);

	if (r != 1) {
		fprintf(stderr, "vxbench: connection lost\n");
		exit(1);
	}
}

static int rr_server(int argc, char **argv)
{
	struct sockaddr_in sin;
	int fd, c, one = 1;
	char b;

	if (argc != 1)
		return 2;
	parse_addr(NULL, argv[0], &sin);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 1))
		die("bind");
	printf("ready\n");
	fflush(stdout);
	c = accept(fd, NULL, NULL);
	if (c < 0)
		die("accept");
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while (read(c, &b, 1) == 1)
		if (write(c, &b, 1) != 1)
			break;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int rr_client(int argc, char **argv)
{
	struct sockaddr_in sin;
	double secs, t0, t, t1, sum = 0, *lat;
	unsigned long n = 0, m;
	int fd, one = 1;
	char b = 'x';

	if (argc != 3)
		return 2;
	parse_addr(argv[0], argv[1], &sin);
	secs = atof(argv[2]);
	lat = malloc(MAX_SAMPLES * sizeof(*lat));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!lat || fd < 0)
		die("setup");
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect");
	/* Warm up: caches, neighbour entries, TCP's RTT estimate. */
	for (int i = 0; i < 100; i++) {
		xfer(fd, &b, 1);
		xfer(fd, &b, 0);
	}
	t0 = now();
	do {
		t = now();
		xfer(fd, &b, 1);
		xfer(fd, &b, 0);
		t1 = now();
		if (n < MAX_SAMPLES)
			lat[n] = (t1 - t) * 1e6;
		sum += t1 - t;
		n++;
	} while (t1 - t0 < secs);
	m = n < MAX_SAMPLES ? n : MAX_SAMPLES;
	qsort(lat, m, sizeof(*lat), cmp_double);
	printf("trans=%lu secs=%.3f tps=%.0f mean_us=%.1f p50_us=%.1f p99_us=%.1f\n",
	       n, t1 - t0, n / (t1 - t0), sum / n * 1e6, lat[m / 2],
	       lat[m * 99 / 100]);
	close(fd);
	free(lat);
	return 0;
}

/* ---- genl-rate: the family's own request rate, without vxipctl ---- */

/* A send()'s worth: BATCH requests of well under 128 bytes each (libmnl's
 * batch buffer is twice its limit). */
#define NL_BATCH_BYTES (BATCH * 128)

static int family_id_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
		*(int *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_id_cb, data);
}

static struct nlmsghdr *genl_put(char *buf, int type, unsigned int seq,
				 unsigned char cmd, unsigned char version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* The family's id, from the controller. */
static int genl_family(struct mnl_socket *nl, const char *name)
{
	char buf[8192];
	struct nlmsghdr *nlh = genl_put(buf, GENL_ID_CTRL, 1, CTRL_CMD_GETFAMILY, 1);
	int id = -1, n;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		die("send");
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n > 0)
			n = mnl_cb_run(buf, n, 1, mnl_socket_get_portid(nl), family_cb, &id);
	} while (n > 0);
	if (n < 0 || id < 0) {
		fprintf(stderr, "vxbench: no generic netlink family %s (module loaded?)\n", name);
		exit(1);
	}
	return id;
}

/* Read @n acknowledgements; counts the errors among them. */
static void nl_acks(struct mnl_socket *nl, unsigned long n, unsigned long *errors)
{
	static char buf[65536];

	while (n) {
		int len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

		if (len < 0)
			die("recv");
		for (; mnl_nlmsg_ok(nlh, len) && n; nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			n--;
			if (e->error && !(*errors)++)
				fprintf(stderr, "vxbench: request %u: %s\n",
					nlh->nlmsg_seq, strerror(-e->error));
		}
	}
}

static int genl_rate(int argc, char **argv)
{
	unsigned int ifindex, flags = VXIP_REQ_F_CREATE | VXIP_REQ_F_EXCL;
	unsigned long i, n, queued = 0, errors = 0, per_send;
	static char buf[2 * NL_BATCH_BYTES];
	int family, rcvbuf = 4 << 20, one = 1;
	struct mnl_nlmsg_batch *b;
	struct mnl_socket *nl;
	struct in_addr peer;
	double t0, t1;

	if (argc != 4)
		return 2;
	ifindex = if_nametoindex(argv[0]);
	if (!ifindex || inet_pton(AF_INET, argv[1], &peer) != 1) {
		fprintf(stderr, "vxbench: bad device %s or peer %s\n", argv[0], argv[1]);
		return 2;
	}
	n = strtoul(argv[2], NULL, 10);
	if (!strcmp(argv[3], "sync"))
		per_send = 1;
	else if (!strcmp(argv[3], "batch"))
		per_send = BATCH;
	else
		return 2;
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket");
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* Errors without the request echoed back: smaller acknowledgements. */
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	family = genl_family(nl, VXIP_GENL_NAME);
	b = mnl_nlmsg_batch_start(buf, NL_BATCH_BYTES);

	t0 = now();
	for (i = 0; i < n; i++) {
		struct nlmsghdr *nlh = genl_put(mnl_nlmsg_batch_current(b), family,
						i + 2, VXIP_CMD_FDB_NEW,
						VXIP_GENL_VERSION);
		unsigned char mac[6] = { 0x12, 0xbe, i >> 24, i >> 16, i >> 8, i };
		struct nlattr *nest;

		mnl_attr_put_u32(nlh, VXIP_A_IFINDEX, ifindex);
		mnl_attr_put_u32(nlh, VXIP_A_REQ_FLAGS, flags);
		nest = mnl_attr_nest_start(nlh, VXIP_A_FDB);
		mnl_attr_put(nlh, VXIP_FDB_A_MAC, sizeof(mac), mac);
		mnl_attr_put(nlh, VXIP_FDB_A_PEER4, sizeof(peer.s_addr), &peer.s_addr);
		mnl_attr_nest_end(nlh, nest);
		mnl_nlmsg_batch_next(b);
		if (++queued < per_send && i + 1 < n)
			continue;
		/* The kernel runs the requests of one send() in turn, each
		 * with its ACK queued: read them all before the next. */
		if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b),
				      mnl_nlmsg_batch_size(b)) < 0)
			die("send");
		nl_acks(nl, queued, &errors);
		mnl_nlmsg_batch_reset(b);
		queued = 0;
	}
	t1 = now();
	printf("reqs=%lu errors=%lu secs=%.3f rps=%.0f\n",
	       n, errors, t1 - t0, n / (t1 - t0));
	mnl_nlmsg_batch_stop(b);
	mnl_socket_close(nl);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	if (argc >= 2) {
		if (!strcmp(argv[1], "udp-sink"))
			rc = udp_sink(argc - 2, argv + 2);
		else if (!strcmp(argv[1], "udp-blast"))
			rc = udp_blast(argc - 2, argv + 2);
		else if (!strcmp(argv[1], "rr-server"))
			rc = rr_server(argc - 2, argv + 2);
		else if (!strcmp(argv[1], "rr-client"))
			rc = rr_client(argc - 2, argv + 2);
		else if (!strcmp(argv[1], "genl-rate"))
			rc = genl_rate(argc - 2, argv + 2);
	}
	if (rc == 2)
		fprintf(stderr, "usage: see the comment at the top of vxbench.c\n");
	return rc;
}
