#include "ChildRun.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <map>
#include <spawn.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace {

// A /proc file's text; empty when it cannot be opened or read (its thread is gone).
std::string readProcFile(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    std::string text;
    char buf[1024];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        text.append(buf, size_t(n));
    ::close(fd);
    return n < 0 ? std::string() : text;
}

// The latest CPU time seen for each thread of a running process, from /proc/<pid>/task.
class ThreadSampler
{
public:
    explicit ThreadSampler(pid_t pid)
        : m_pid(pid)
    {
    }

    void sample()
    {
        const std::string dir = "/proc/" + std::to_string(m_pid) + "/task";
        DIR *tasks = opendir(dir.c_str());
        if (!tasks)
            return;
        static const double tick = double(sysconf(_SC_CLK_TCK));
        while (const dirent *e = readdir(tasks)) {
            if (e->d_name[0] == '.')
                continue;
            // read(2), not an ifstream: a thread that exits between readdir and the read makes
            // read fail with ESRCH, and libstdc++'s filebuf throws on that whatever the stream's
            // exception mask (it ended a 1 M-span benchmark run).
            const std::string text = readProcFile(dir + "/" + e->d_name + "/stat");
            // pid (comm) state … utime stime are fields 14 and 15; comm may hold spaces.
            const size_t open = text.find('('), close = text.rfind(')');
            if (open == std::string::npos || close == std::string::npos || close < open)
                continue;
            std::istringstream rest(text.substr(close + 2));
            std::string field;
            unsigned long long utime = 0, stime = 0;
            for (int i = 3; i <= 15 && rest >> field; ++i) {
                if (i == 14)
                    utime = std::stoull(field);
                else if (i == 15)
                    stime = std::stoull(field);
            }
            const long tid = std::atol(e->d_name);
            Thread &t = m_threads[tid];
            t.name = tid == long(m_pid) ? "main" : text.substr(open + 1, close - open - 1);
            t.cpuSeconds = double(utime + stime) / tick;
        }
        closedir(tasks);
    }

    std::vector<std::pair<std::string, double>> byName() const
    {
        std::map<std::string, double> sums;
        for (const auto &entry : m_threads)
            sums[entry.second.name] += entry.second.cpuSeconds;
        std::vector<std::pair<std::string, double>> out(sums.begin(), sums.end());
        std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
        return out;
    }

private:
    struct Thread
    {
        std::string name;
        double cpuSeconds = 0;
    };
    pid_t m_pid;
    std::map<long, Thread> m_threads;
};

} // namespace

ChildRun ChildRun::run(const std::vector<std::string> &argv, const std::string &stdinFile)
{
    std::vector<char *> args;
    for (const auto &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!stdinFile.empty())
        posix_spawn_file_actions_addopen(&actions, 0, stdinFile.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    ChildRun r;
    if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", args[0]);
        posix_spawn_file_actions_destroy(&actions);
        return r;
    }
    int status = 0;
    struct rusage usage
    {
    };
    ThreadSampler sampler(pid);
    // Polled rather than blocking in wait4, so the threads can be sampled meanwhile.
    while (wait4(pid, &status, WNOHANG, &usage) == 0) {
        sampler.sample();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    r.threadCpu = sampler.byName();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.peakRssKb = usage.ru_maxrss;
    r.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    posix_spawn_file_actions_destroy(&actions);
    return r;
}
