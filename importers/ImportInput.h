#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

// Reads one input file, gzip or plain (zlib detects which), in bounded memory. Every read
// reports progress and checks for cancellation, so importers need not.
class ImportInput
{
public:
    // Limits that keep a hostile or broken file from exhausting memory.
    static constexpr int64_t DefaultMaxRecordBytes = int64_t(256) << 20; // one line / one record
    static constexpr int64_t DefaultMaxDocumentBytes = int64_t(1024) << 20; // a whole JSON document

    // Throws ImportError when the file cannot be opened.
    explicit ImportInput(const std::string &path);
    ~ImportInput();
    ImportInput(const ImportInput &) = delete;
    ImportInput &operator=(const ImportInput &) = delete;

    // Next line without its terminator ("\n" or "\r\n"). False at end of file.
    // Throws ImportError("line N", ...) for a line over maxRecordBytes.
    bool readLine(std::string &line);
    int64_t lineNumber() const { return m_lineNumber; } // of the line last read, 1-based

    // The whole (decompressed) file; throws ImportError beyond maxDocumentBytes.
    std::string readAll();

    // The first bytes without consuming them from the importer's point of view.
    static std::string head(const std::string &path, size_t bytes);

    int64_t fileSize() const { return m_fileSize; }
    int64_t bytesConsumed() const; // compressed bytes, for progress
    bool isCompressed() const { return m_compressed; }

    void setMaxRecordBytes(int64_t n) { m_maxRecord = n; }
    void setMaxDocumentBytes(int64_t n) { m_maxDocument = n; }
    void setProgress(std::function<void(int64_t done, int64_t total)> fn) { m_progress = std::move(fn); }
    void setCancelFlag(const std::atomic_bool *flag) { m_cancel = flag; }

private:
    bool fill();
    void tick();

    void *m_gz = nullptr; // gzFile
    std::string m_buffer;
    size_t m_pos = 0;
    bool m_eof = false;
    bool m_compressed = false;
    int64_t m_fileSize = 0;
    int64_t m_lineNumber = 0;
    int64_t m_maxRecord = DefaultMaxRecordBytes;
    int64_t m_maxDocument = DefaultMaxDocumentBytes;
    std::function<void(int64_t, int64_t)> m_progress;
    const std::atomic_bool *m_cancel = nullptr;
};
