// libFuzzer target for one importer (the format is fixed per executable: kFuzzFormat).
// Each input is written to a file and imported through ImportRunner exactly as the CLI
// does, so the sniffing, the per-file transaction and the rollback are fuzzed too. A crash,
// a sanitizer report or an exception escaping the runner is a bug.
#include "ImportRunner.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>
#include <memory>

// Defined by the per-target file CMake generates.
extern const char kFuzzFormat[];
extern const char kFuzzFileName[];

namespace {
struct State
{
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;
    QString input;
};

State &state()
{
    static State *s = [] {
        auto *st = new State;
        st->ws = Workspace::create(st->dir.filePath(QStringLiteral("fuzz.threadline")));
        st->input = st->dir.filePath(QString::fromLatin1(kFuzzFileName));
        return st;
    }();
    return *s;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    State &s = state();
    {
        QFile f(s.input);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    ImportRunner runner(*s.ws);
    ImportRunner::Options options;
    options.force = true;
    options.format = QString::fromLatin1(kFuzzFormat);
    runner.run({s.input}, options);
    // Detection by content must not crash either.
    options.format.clear();
    runner.run({s.input}, options);
    return 0;
}
