/*
 * The sampler bench's C reference: what one mcptop tick reads, done in C. Every tick: list /proc, read every
 * process's /proc/PID/stat (pid, ppid, state, start time, CPU times, RSS), then for each target pid count its FDs
 * (st_size of /proc/PID/fd, or the entries where the kernel leaves that 0); then one "." on stdout (the bench counts
 * ticks by them). Runs every interval ms until killed.
 * Build: cc -O2 -o procscan procscan.c      Run: procscan INTERVAL_MS PID...
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int read_stat(const char *pid, unsigned long long *out_cpu, long *out_rss) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  char state;
  int ppid;
  unsigned long long utime, stime, start;
  long rss;
  /* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
     priority nice threads itrealvalue starttime vsize rss */
  if (sscanf(p + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d %llu %*u %ld",
             &state, &ppid, &utime, &stime, &start, &rss) != 6) return -1;
  *out_cpu = utime + stime;
  *out_rss = rss;
  return 0;
}

static long count_fds(int pid) {
  char path[64];
  struct stat st;
  snprintf(path, sizeof path, "/proc/%d/fd", pid);
  if (stat(path, &st) != 0) return -1;
  if (st.st_size > 0) return st.st_size;
  DIR *d = opendir(path);
  if (!d) return -1;
  long n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) if (e->d_name[0] != '.') n++;
  closedir(d);
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: procscan INTERVAL_MS PID...\n"); return 2; }
  long interval = atol(argv[1]);
  int ntargets = argc - 2;
  int *targets = malloc(sizeof(int) * (ntargets > 0 ? ntargets : 1));
  for (int i = 0; i < ntargets; i++) targets[i] = atoi(argv[i + 2]);
  volatile unsigned long long sink = 0;
  for (;;) {
    DIR *d = opendir("/proc");
    if (d) {
      struct dirent *e;
      while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        unsigned long long cpu;
        long rss;
        if (read_stat(e->d_name, &cpu, &rss) == 0) sink += cpu + (unsigned long long)rss;
      }
      closedir(d);
    }
    for (int i = 0; i < ntargets; i++) sink += (unsigned long long)count_fds(targets[i]);
    if (write(1, ".", 1) != 1) return 0;
    struct timespec ts = { interval / 1000, (interval % 1000) * 1000000L };
    nanosleep(&ts, NULL);
  }
}
