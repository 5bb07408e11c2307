#include "TaskThread.h"

#include <QtTest>

#ifdef __linux__
#include <pthread.h>
#endif

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

class TstTaskThread : public QObject
{
    Q_OBJECT

private slots:
    void runsTasksInOrder()
    {
        std::vector<int> seen; // only the worker writes; wait() orders the read after
        TaskThread thread(2);
        for (int i = 0; i < 1000; ++i)
            thread.post([&seen, i] { seen.push_back(i); });
        thread.wait();
        QCOMPARE(int(seen.size()), 1000);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(seen[size_t(i)], i);
    }

    void rethrowsTheFirstErrorAndDropsTheRest()
    {
        TaskThread thread(8);
        std::atomic<int> ran {0};
        thread.post([&ran] { ++ran; });
        thread.post([] { throw std::runtime_error("disk full"); });
        bool rethrown = false;
        try {
            for (int i = 0; i < 100; ++i)
                thread.post([&ran] { ++ran; });
            thread.wait();
        } catch (const std::runtime_error &e) {
            rethrown = true;
            QCOMPARE(QByteArray(e.what()), QByteArray("disk full"));
        }
        QVERIFY(rethrown);
        thread.wait(); // the error is reported once
        QVERIFY(ran.load() < 101);
        // The thread keeps working after an error was collected.
        thread.post([&ran] { ran = -1; });
        thread.wait();
        QCOMPARE(ran.load(), -1);
    }

    void discardDropsQueuedWork()
    {
        TaskThread thread(64);
        std::atomic<bool> release {false};
        std::atomic<int> ran {0};
        // The first task holds the thread until the queue behind it has been discarded.
        auto unblock = qScopeGuard([&release] { release = true; }); // also when a check fails
        thread.post([&release] {
            while (!release.load())
                std::this_thread::yield();
        });
        while (thread.queued() != 0) // the thread has taken the blocking task
            std::this_thread::yield();
        for (int i = 0; i < 50; ++i)
            thread.post([&ran] { ++ran; });
        QCOMPARE(int(thread.queued()), 50);
        std::thread discarder([&thread] { thread.discard(); });
        while (thread.queued() != 0)
            std::this_thread::yield();
        release = true;
        discarder.join();
        thread.wait();
        QCOMPARE(ran.load(), 0);
    }

    void namesItsThread()
    {
#ifdef __linux__
        // The benchmarks tell the import's threads apart by these names.
        auto nameSeenBy = [](TaskThread &thread) {
            std::string seen;
            thread.post([&seen] {
                char buf[16] = {};
                pthread_getname_np(pthread_self(), buf, sizeof buf);
                seen = buf;
            });
            thread.wait();
            return seen;
        };
        TaskThread named(1, "tl-writer");
        QCOMPARE(nameSeenBy(named), std::string("tl-writer"));
        // Longer than the kernel keeps: cut, not refused (which would leave the process's name).
        TaskThread longName(1, "a-name-of-twenty-chars");
        QCOMPARE(nameSeenBy(longName), std::string("a-name-of-twent"));
#else
        QSKIP("thread names are read back on Linux only");
#endif
    }
};

QTEST_GUILESS_MAIN(TstTaskThread)
#include "tst_taskthread.moc"
