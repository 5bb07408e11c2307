#pragma once
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

#include "ImportRunner.h"

class Importer;
class Workspace;

// Helpers shared by the tests: fixture paths, throwaway workspaces, importing a file and
// asking the workspace SQL questions.
namespace TestUtils {

QString realFixture(const QString &relative); // ../shared/fixtures/real copy in tests/fixtures/real
QString testData(const QString &relative); // tests/data
// Every real fixture file outside the folder `skipFolder` (e.g. "langfuse"), PROVENANCE-style .md notes left out.
QStringList realFixturesOutside(const QString &skipFolder);
QString demoDir();
QString threadlineBinary();

// A fresh workspace in `dir`.
std::unique_ptr<Workspace> newWorkspace(const QTemporaryDir &dir, const QString &name = QStringLiteral("t.threadline"));

// Imports paths and returns the per-file results.
std::vector<ImportRunner::FileResult> import(
    Workspace &ws, const QStringList &paths, const QString &format = QString());

// The one result of importing `path` (a default FileResult when the runner returned none).
ImportRunner::FileResult importOne(Workspace &ws, const QString &path, const QString &format = QString());
// A fresh workspace in `dir` with `path` imported into it; `result` gets the file's result.
std::unique_ptr<Workspace> importOne(const QTemporaryDir &dir, const QString &path, ImportRunner::FileResult &result);

// The format detect() picks for a file's first 64 KiB and its file name.
QString detectFormat(const QString &path);
// What `importer` scores a file's first 64 KiB and its file name.
int sniffScore(const Importer &importer, const QString &path);

// An ISO time as nanoseconds since the epoch (the test's own literal, so it must parse).
qint64 ns(const char *iso);

// SQL written as a plain string literal.
inline QString q(const char *sql)
{
    return QString::fromUtf8(sql);
}

// First column of the first row of `sql`, as text ("" when no row).
QString queryText(Workspace &ws, const QString &sql);
qint64 queryInt(Workspace &ws, const QString &sql);

QByteArray readFile(const QString &path);
void writeFile(const QString &path, const QByteArray &bytes);
// Writes `bytes` to `name` in `dir` and returns its path.
QString writeTemp(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes);

} // namespace TestUtils
