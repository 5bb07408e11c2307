#include "ImportInput.h"

#include "ImportError.h"

#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace {
constexpr size_t ChunkBytes = 1 << 20;
}

ImportInput::ImportInput(const std::string &path)
{
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0)
        throw ImportError("", std::string("cannot open: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode))
        throw ImportError("", "is a folder, not a file");
    m_fileSize = st.st_size;
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz)
        throw ImportError("", std::string("cannot open: ") + std::strerror(errno));
    gzbuffer(gz, 256 * 1024);
    m_gz = gz;
    m_compressed = gzdirect(gz) == 0;
}

ImportInput::~ImportInput()
{
    if (m_gz)
        gzclose(static_cast<gzFile>(m_gz));
}

std::string ImportInput::head(const std::string &path, size_t bytes)
{
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz)
        return {};
    std::string out(bytes, '\0');
    const int n = gzread(gz, out.data(), static_cast<unsigned>(bytes));
    gzclose(gz);
    out.resize(n > 0 ? size_t(n) : 0);
    return out;
}

int64_t ImportInput::bytesConsumed() const
{
    if (!m_gz)
        return 0;
    const auto off = gzoffset(static_cast<gzFile>(m_gz));
    return off < 0 ? 0 : int64_t(off);
}

void ImportInput::tick()
{
    if (m_cancel && m_cancel->load(std::memory_order_relaxed))
        throw ImportCancelled();
    if (m_progress)
        m_progress(bytesConsumed(), m_fileSize);
}

bool ImportInput::fill()
{
    if (m_eof)
        return false;
    tick();
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    const size_t old = m_buffer.size();
    m_buffer.resize(old + ChunkBytes);
    const int n = gzread(static_cast<gzFile>(m_gz), m_buffer.data() + old, unsigned(ChunkBytes));
    if (n < 0) {
        int errnum = 0;
        const char *msg = gzerror(static_cast<gzFile>(m_gz), &errnum);
        m_buffer.resize(old);
        throw ImportError("byte " + std::to_string(bytesConsumed()), std::string("read error: ") + (msg ? msg : "?"));
    }
    m_buffer.resize(old + size_t(n));
    if (n == 0) {
        m_eof = true;
        // A truncated gzip stream reads as a short file; say so instead of importing half of it.
        int errnum = 0;
        gzerror(static_cast<gzFile>(m_gz), &errnum);
        if (m_compressed && errnum == Z_BUF_ERROR)
            throw ImportError("byte " + std::to_string(bytesConsumed()), "the gzip stream is truncated");
        return false;
    }
    return true;
}

bool ImportInput::readLine(std::string &line)
{
    size_t scanFrom = m_pos;
    for (;;) {
        const char *base = m_buffer.data();
        const void *nl
            = scanFrom < m_buffer.size() ? std::memchr(base + scanFrom, '\n', m_buffer.size() - scanFrom) : nullptr;
        if (nl) {
            const size_t end = size_t(static_cast<const char *>(nl) - base);
            size_t len = end - m_pos;
            if (len > 0 && base[m_pos + len - 1] == '\r')
                --len;
            line.assign(base + m_pos, len);
            m_pos = end + 1;
            ++m_lineNumber;
            return true;
        }
        if (int64_t(m_buffer.size() - m_pos) > m_maxRecord)
            throw ImportError("line " + std::to_string(m_lineNumber + 1),
                "the line is longer than the limit of " + std::to_string(m_maxRecord >> 20) + " MiB");
        const size_t scanned = m_buffer.size() - m_pos;
        if (!fill()) {
            if (m_pos >= m_buffer.size())
                return false;
            size_t len = m_buffer.size() - m_pos;
            if (m_buffer[m_pos + len - 1] == '\r')
                --len;
            line.assign(m_buffer.data() + m_pos, len);
            m_pos = m_buffer.size();
            ++m_lineNumber;
            return true;
        }
        scanFrom = m_pos + scanned;
    }
}

std::string ImportInput::readAll()
{
    while (fill()) {
        if (int64_t(m_buffer.size() - m_pos) > m_maxDocument)
            throw ImportError("byte " + std::to_string(m_maxDocument),
                "the document is larger than the limit of " + std::to_string(m_maxDocument >> 20)
                    + " MiB; split it or export it as JSON lines");
    }
    std::string out = m_buffer.substr(m_pos);
    m_buffer.clear();
    m_pos = 0;
    return out;
}
