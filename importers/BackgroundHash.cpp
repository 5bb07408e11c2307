#include "BackgroundHash.h"

#include "TaskThread.h"

#include <QFile>

#include <openssl/evp.h>

#include <system_error>

#ifdef __linux__
#include <sched.h>
#include <unistd.h>
#endif

namespace {

void setIdle(long tid, bool idle)
{
#if defined(__linux__) && defined(SCHED_IDLE)
    sched_param param {};
    sched_setscheduler(pid_t(tid), idle ? SCHED_IDLE : SCHED_OTHER, &param);
#else
    (void)tid;
    (void)idle;
#endif
}

} // namespace

BackgroundHash::BackgroundHash(const QString &path)
    : m_path(path)
{
    try {
        m_thread = std::thread([this] { run(); });
        m_started = true;
    } catch (const std::system_error &) {
        // No thread to be had: result() hashes on the caller's thread.
    }
}

BackgroundHash::~BackgroundHash()
{
    m_stop = true;
    if (m_thread.joinable()) {
        hurry();
        m_thread.join();
    }
}

void BackgroundHash::run()
{
    TaskThread::nameCurrentThread("tl-sha256");
#ifdef __linux__
    m_tid = long(gettid());
    setIdle(0, true);
    // hurry() may have run before the id was known: it stores m_urgent and then reads m_tid,
    // this thread stores m_tid and then reads m_urgent, so one of the two sees the other.
    if (m_urgent)
        setIdle(0, false);
#endif
    m_digest = sha256Of(m_path, &m_stop);
}

void BackgroundHash::hurry()
{
    m_urgent = true;
    if (const long tid = m_tid)
        setIdle(tid, false);
}

std::string BackgroundHash::result()
{
    if (!m_started)
        return sha256Of(m_path).toStdString();
    if (m_thread.joinable()) {
        hurry();
        m_thread.join();
    }
    return m_digest.toStdString();
}

// OpenSSL's SHA-256 uses the CPU's SHA extensions; QCryptographicHash's portable code took
// longer than parsing the file (measured: 84 instructions per byte).
QString BackgroundHash::sha256Of(const QString &path, const std::atomic_bool *stop)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx);
        return {};
    }
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (stop && stop->load(std::memory_order_relaxed)) {
            EVP_MD_CTX_free(ctx);
            return {};
        }
        const qint64 n = f.read(buffer.data(), buffer.size());
        if (n <= 0)
            break;
        EVP_DigestUpdate(ctx, buffer.constData(), size_t(n));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx, digest, &length);
    EVP_MD_CTX_free(ctx);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}
