/*
 * httptime — the benchmark's small HTTP timing client (loopback, HTTP/1.1,
 * keep-alive, one request at a time).
 *
 *   httptime query --port P [--token T] [--n N] [--warmup W] [--max-seconds S] PATH…
 *       Sends GET PATH (cycling through the paths) N times in sequence on one
 *       kept-alive connection and prints one JSON line: n, errors, p50/p90/p99/
 *       max/mean in milliseconds and the mean body size.  Stops early after S
 *       seconds (then n is what was done; a warm-up that alone takes S seconds
 *       is cut short, so a slow query costs two requests, not warmup + 1).
 *
 *   httptime start [--path /healthz] [--idle-ms 1000] -- CMD ARG…
 *       Picks a free port, replaces "{PORT}" in the arguments, starts CMD and
 *       polls PATH until the first 200; prints start_ms (fork to first 200),
 *       start_cpu_ms (the CPU time the child had used by then, in clock ticks
 *       of 10 ms: robust to a busy machine), then after idle-ms the child's
 *       VmRSS (idle_rss_kb), and stops it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int dial(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

static char *buf;
static size_t cap = 1 << 20;

/* One request on fd.  Returns the status (0 on I/O error); *body the body
 * size; *keep whether the connection may be reused. */
static int request(int fd, const char *path, const char *token, size_t *body, int *keep)
{
	char req[4096];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: httptime\r\n%s%s%s"
			 "Accept: */*\r\n\r\n",
			 path, token ? "Authorization: Bearer " : "", token ? token : "",
			 token ? "\r\n" : "");
	if (n <= 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n)
		return 0;
	size_t len = 0;
	char *end = NULL;
	while (!end) {
		if (len + 1 >= cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r <= 0)
			return 0;
		len += (size_t)r;
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	int status = 0;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return 0;
	size_t hlen = (size_t)(end - buf) + 4;
	char *cl = strcasestr(buf, "\r\nContent-Length:");
	*keep = !(strcasestr(buf, "\r\nConnection: close") && strcasestr(buf, "\r\nConnection: close") < end);
	if (!cl || cl > end) {
		*keep = 0; /* read to the end */
		for (;;) {
			if (len + 1 >= cap) {
				cap *= 2;
				buf = realloc(buf, cap);
			}
			ssize_t r = read(fd, buf + len, cap - len - 1);
			if (r <= 0)
				break;
			len += (size_t)r;
		}
		*body = len - hlen;
		return status;
	}
	size_t want = strtoull(cl + 17, NULL, 10);
	while (len < hlen + want) {
		if (hlen + want + 1 > cap) {
			cap = hlen + want + 1;
			buf = realloc(buf, cap);
		}
		ssize_t r = read(fd, buf + len, hlen + want - len);
		if (r <= 0)
			return 0;
		len += (size_t)r;
	}
	*body = want;
	return status;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const double *v, long n, double p)
{
	if (n == 0)
		return 0;
	long i = (long)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static int cmd_query(int argc, char **argv)
{
	int port = 0;
	const char *token = NULL;
	long n = 200, warmup = 5;
	double max_s = 30;
	int i = 2;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
		if (!strcmp(a, "--port"))
			port = atoi(v);
		else if (!strcmp(a, "--token"))
			token = v;
		else if (!strcmp(a, "--n"))
			n = atol(v);
		else if (!strcmp(a, "--warmup"))
			warmup = atol(v);
		else if (!strcmp(a, "--max-seconds"))
			max_s = atof(v);
		else
			return 2;
	}
	int npaths = argc - i;
	char **paths = argv + i;
	if (!port || npaths < 1 || n < 1)
		return 2;
	buf = malloc(cap);
	double *t = calloc((size_t)n, sizeof *t);
	long errors = 0, done = 0, k = 0;
	double bytes = 0, t0 = now_ms();
	int fd = dial(port);
	if (fd < 0) {
		fprintf(stderr, "httptime: cannot connect to port %d\n", port);
		return 1;
	}
	for (long j = 0; j < warmup + n; j++) {
		const char *p = paths[k++ % npaths];
		size_t body = 0;
		int keep = 1;
		double a = now_ms();
		int st = request(fd, p, token, &body, &keep);
		double b = now_ms();
		if (!st) { /* the server closed an idle connection: once more */
			close(fd);
			fd = dial(port);
			a = now_ms();
			st = fd >= 0 ? request(fd, p, token, &body, &keep) : 0;
			b = now_ms();
		}
		if (j >= warmup) {
			t[done++] = b - a;
			bytes += (double)body;
			if (st != 200) {
				if (errors < 3)
					fprintf(stderr, "httptime: %s -> %d\n", p, st);
				errors++;
			}
		}
		if (!keep || !st) {
			close(fd);
			fd = dial(port);
			if (fd < 0)
				return 1;
		}
		if (j < warmup - 1 && (b - t0) / 1e3 > max_s)
			j = warmup - 1; /* slow: the rest of the warm-up would only add seconds */
		else if (j >= warmup && (b - t0) / 1e3 > max_s)
			break;
	}
	close(fd);
	double sum = 0;
	for (long j = 0; j < done; j++)
		sum += t[j];
	qsort(t, (size_t)done, sizeof *t, cmp_d);
	printf("{\"n\":%ld,\"errors\":%ld,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
	       "\"max_ms\":%.3f,\"mean_ms\":%.3f,\"body_bytes\":%.0f}\n",
	       done, errors, pct(t, done, 0.5), pct(t, done, 0.9), pct(t, done, 0.99),
	       done ? t[done - 1] : 0, done ? sum / (double)done : 0, done ? bytes / (double)done : 0);
	return errors ? 3 : 0;
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t l = sizeof sa;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &l) < 0)
		return -1;
	close(fd);
	return ntohs(sa.sin_port);
}

static long rss_kb(pid_t pid)
{
	char p[64], line[256];
	snprintf(p, sizeof p, "/proc/%d/status", (int)pid);
	FILE *f = fopen(p, "r");
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			v = atol(line + 6);
	if (f)
		fclose(f);
	return v;
}

/* CPU time (user + system) a process has used so far, in ms; threads included. */
static double cpu_ms(pid_t pid)
{
	char p[64], line[1024];
	snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	char *s = strrchr(line, ')');
	unsigned long ut = 0, st = 0;
	/* fields after the command: state(3) … utime(14) stime(15) */
	if (!s || sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static int cmd_start(int argc, char **argv)
{
	const char *path = "/healthz";
	long idle_ms = 1000;
	int i = 2;
	for (; i < argc && strcmp(argv[i], "--"); i += 2) {
		if (!strcmp(argv[i], "--path") && i + 1 < argc)
			path = argv[i + 1];
		else if (!strcmp(argv[i], "--idle-ms") && i + 1 < argc)
			idle_ms = atol(argv[i + 1]);
		else
			return 2;
	}
	if (i >= argc - 1)
		return 2;
	int port = free_port();
	char ps[16];
	snprintf(ps, sizeof ps, "%d", port);
	int n = argc - i - 1;
	char **args = calloc((size_t)n + 1, sizeof *args);
	for (int k = 0; k < n; k++) {
		const char *a = argv[i + 1 + k], *hole = strstr(a, "{PORT}");
		if (hole) {
			args[k] = malloc(strlen(a) + 16);
			sprintf(args[k], "%.*s%s%s", (int)(hole - a), a, ps, hole + 6);
		} else {
			args[k] = (char *)a;
		}
	}
	buf = malloc(cap);
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		int dn = open("/dev/null", O_WRONLY);
		dup2(dn, 1);
		dup2(dn, 2);
		execvp(args[0], args);
		_exit(127);
	}
	double t1 = 0;
	while (now_ms() - t0 < 20000) {
		int fd = dial(port);
		if (fd >= 0) {
			size_t body;
			int keep;
			int st = request(fd, path, NULL, &body, &keep);
			close(fd);
			if (st == 200) {
				t1 = now_ms();
				break;
			}
		}
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr, "httptime: %s exited before answering\n", args[0]);
			return 1;
		}
		struct timespec ts = {0, 200000};
		nanosleep(&ts, NULL);
	}
	if (!t1) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		fprintf(stderr, "httptime: no 200 on %s within 20 s\n", path);
		return 1;
	}
	double cpu = cpu_ms(pid);
	usleep((useconds_t)idle_ms * 1000);
	long rss = rss_kb(pid);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	printf("{\"start_ms\":%.2f,\"start_cpu_ms\":%.0f,\"idle_rss_kb\":%ld}\n", t1 - t0, cpu, rss);
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && !strcmp(argv[1], "query"))
		return cmd_query(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "start"))
		return cmd_start(argc, argv);
	fprintf(stderr, "usage: httptime query --port P [--token T] [--n N] [--warmup W] "
			"[--max-seconds S] PATH…\n       httptime start [--path P] [--idle-ms MS] "
			"-- CMD ARG… ({PORT} is replaced)\n");
	return 2;
}
