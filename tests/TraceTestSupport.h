#pragma once
// Helpers shared by the trace and log importer tests: bad-input files made on the fly, gzip
// copies of fixtures, and importing one file with its result.
#include "ImportInput.h"
#include "ImportRunner.h"
#include "ImporterRegistry.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QByteArray>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

namespace TraceTestSupport {

using TestUtils::importOne;
using TestUtils::writeTemp;

inline QString gzipCopy(const QTemporaryDir &dir, const QString &source, const QString &name)
{
    const QByteArray bytes = TestUtils::readFile(source);
    const QString path = dir.filePath(name);
    gzFile gz = gzopen(path.toLocal8Bit().constData(), "wb");
    gzwrite(gz, bytes.constData(), unsigned(bytes.size()));
    gzclose(gz);
    return path;
}

inline QByteArray garbage(int size)
{
    QByteArray b;
    quint32 x = 2463534242u;
    for (int i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b.append(char(x & 0xFF));
    }
    return b;
}

// The format detect() picks for a file's first 64 KiB, as the runner sees it.
inline QString detected(const QString &path)
{
    const std::string head = ImportInput::head(path.toStdString(), 64 * 1024);
    const Importer *imp = ImporterRegistry::instance().detect(SniffInput {head, path.toStdString()});
    return imp ? QString::fromLatin1(imp->format()) : QString();
}

// Every importer but `mine` must score below `mine` on the file (nobody else claims it).
inline bool onlyClaimedBy(const QString &path, const char *mine)
{
    const std::string head = ImportInput::head(path.toStdString(), 64 * 1024);
    const SniffInput in {head, path.toStdString()};
    int myScore = 0;
    int otherBest = 0;
    for (const Importer *imp : ImporterRegistry::instance().importers()) {
        const int s = imp->sniff(in);
        if (std::string(imp->format()) == mine)
            myScore = s;
        else
            otherBest = std::max(otherBest, s);
    }
    if (otherBest >= myScore)
        qWarning("%s: another importer scores %d against %d", qPrintable(path), otherBest, myScore);
    return myScore > otherBest;
}

// The check every bad-input row shares: a negative `items` means the file fails with a message
// containing `expect`; otherwise it imports `items` items, with warnings when `warns`. Either way
// the workspace holds no more than what was imported.
inline void checkBadInputResult(
    Workspace &ws, const ImportRunner::FileResult &r, const QString &expect, int items, bool warns)
{
    if (items < 0) {
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Failed));
        QVERIFY2(r.message.contains(expect), qPrintable(r.message));
    } else {
        QCOMPARE(int(r.status), int(ImportRunner::FileResult::Status::Imported));
        QCOMPARE(r.items, items);
        if (warns)
            QVERIFY(!r.warnings.isEmpty());
    }
    QCOMPARE(TestUtils::queryInt(ws, QStringLiteral("SELECT count(*) FROM items")), qint64(std::max(items, 0)));
}

inline QString itemsWhere(const QString &source)
{
    return QStringLiteral("items WHERE source_id = (SELECT id FROM sources WHERE path = '%1')").arg(source);
}

} // namespace TraceTestSupport
