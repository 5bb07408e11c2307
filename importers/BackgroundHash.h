#pragma once
#include <QString>

#include <atomic>
#include <string>
#include <thread>

// The SHA-256 of a file being imported, taken on a thread of its own while the import runs.
//
// The thread starts at idle priority (Linux SCHED_IDLE): it only gets a core the parser and
// the writer leave free (the writer waiting for a batch, the parser for disk), so it does not
// slow the pipeline, and little of it is left for the end, where it used to compete with the
// index builds. When the commit asks for the hash the thread goes back to normal priority, so
// a busy machine can delay it but never starve it.
class BackgroundHash
{
public:
    explicit BackgroundHash(const QString &path);
    ~BackgroundHash(); // stops the hashing if it is still running, and waits for the thread
    BackgroundHash(const BackgroundHash &) = delete;
    BackgroundHash &operator=(const BackgroundHash &) = delete;

    // The lowercase hex digest; empty when the file could not be read. Waits for it.
    std::string result();

    // The same, on the calling thread. `stop` (optional) ends it early with an empty result.
    static QString sha256Of(const QString &path, const std::atomic_bool *stop = nullptr);

private:
    void run();
    void hurry(); // back to normal priority

    QString m_path;
    QString m_digest;
    std::atomic_bool m_stop {false};
    std::atomic_bool m_urgent {false};
    std::atomic<long> m_tid {0};
    bool m_started = false;
    std::thread m_thread;
};
