#pragma once
#include <string>
#include <utility>
#include <vector>

// Runs a benchmark's subject (the threadline CLI, the sqlite3 shell) as a child process so its
// wall time, CPU time and peak RSS are its own, not the benchmark's. Standard output is
// discarded; standard input can come from a file.
struct ChildRun
{
    double seconds = 0;
    double cpuSeconds = 0; // user + system: the fair figure when other work shares the machine
    long peakRssKb = 0;
    int exitCode = -1; // -1: could not start, or killed by a signal
    // CPU seconds by thread name ("main" for the first thread; threads sharing a name summed),
    // most first. Read from /proc every 20 ms while the child runs, so each thread's last few
    // milliseconds may be missing; empty where there is no /proc.
    std::vector<std::pair<std::string, double>> threadCpu;

    static ChildRun run(const std::vector<std::string> &argv, const std::string &stdinFile = std::string());
};
