#pragma once
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

// One background thread running posted tasks in order: the import's SQLite writes run beside
// its parsing, on the other core. The queue is bounded so a fast producer waits instead of
// buffering a whole file. The first exception a task throws is kept and rethrown to the
// producer (by post() or wait()); later tasks are then dropped.
class TaskThread
{
public:
    // `name` (at most 15 characters) is what top, perf and the benchmarks show for the thread.
    explicit TaskThread(size_t maxQueued = 4, const char *name = nullptr);
    ~TaskThread(); // drops what is queued, finishes the running task, joins

    TaskThread(const TaskThread &) = delete;
    TaskThread &operator=(const TaskThread &) = delete;

    void post(std::function<void()> task);
    // Returns when every posted task has run; rethrows (once) a task's exception.
    void wait();
    // Drops the queued tasks and any kept exception; returns when the running one is done.
    void discard();
    // Tasks waiting to run (not counting the running one).
    size_t queued();

    // Names the calling thread (Linux; elsewhere nothing), for threads not started here.
    static void nameCurrentThread(const char *name);

private:
    void loop();
    void rethrowLocked(std::unique_lock<std::mutex> &lock);

    const size_t m_maxQueued;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::function<void()>> m_queue;
    bool m_running = false; // a task is executing
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;
};
