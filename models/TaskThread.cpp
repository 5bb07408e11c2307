#include "TaskThread.h"

#ifdef __linux__
#include <pthread.h>
#endif

TaskThread::TaskThread(size_t maxQueued, const char *name)
    : m_maxQueued(maxQueued == 0 ? 1 : maxQueued)
    , m_thread([this, name] {
        if (name)
            nameCurrentThread(name);
        loop();
    })
{
}

void TaskThread::nameCurrentThread(const char *name)
{
#ifdef __linux__
    // The kernel keeps 15 characters and a NUL; a longer name is refused, so it is cut.
    char shortName[16] = {};
    for (size_t i = 0; i < 15 && name[i]; ++i)
        shortName[i] = name[i];
    pthread_setname_np(pthread_self(), shortName);
#else
    (void)name;
#endif
}

TaskThread::~TaskThread()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        m_queue.clear();
    }
    m_changed.notify_all();
    m_thread.join();
}

void TaskThread::rethrowLocked(std::unique_lock<std::mutex> &lock)
{
    if (!m_error)
        return;
    std::exception_ptr error = std::move(m_error);
    m_error = nullptr;
    lock.unlock();
    std::rethrow_exception(error);
}

void TaskThread::post(std::function<void()> task)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.size() < m_maxQueued || m_error; });
    rethrowLocked(lock);
    m_queue.push_back(std::move(task));
    lock.unlock();
    m_changed.notify_all();
}

void TaskThread::wait()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return (m_queue.empty() && !m_running) || m_error; });
    // After an error the queue was cleared by the worker; wait for it to be idle.
    m_changed.wait(lock, [this] { return !m_running; });
    rethrowLocked(lock);
}

void TaskThread::discard()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_queue.clear();
    m_changed.wait(lock, [this] { return !m_running; });
    m_error = nullptr;
}

size_t TaskThread::queued()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_queue.size();
}

void TaskThread::loop()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_stop)
            return;
        std::function<void()> task = std::move(m_queue.front());
        m_queue.pop_front();
        m_running = true;
        lock.unlock();
        m_changed.notify_all(); // a slot in the queue is free
        std::exception_ptr error;
        try {
            task();
        } catch (...) {
            error = std::current_exception();
        }
        task = nullptr;
        lock.lock();
        m_running = false;
        if (error && !m_error) {
            m_error = error;
            m_queue.clear();
        }
        m_changed.notify_all();
    }
}
