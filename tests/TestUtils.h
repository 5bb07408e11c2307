#pragma once
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

#include "ImportRunner.h"

class Workspace;

// Helpers shared by the tests: fixture paths, throwaway workspaces, importing a file and
// asking the workspace SQL questions.
namespace TestUtils {

QString realFixture(const QString &relative); // ../shared/fixtures/real copy in tests/fixtures/real
QString testData(const QString &relative); // tests/data
QString demoDir();
QString threadlineBinary();

// A fresh workspace in `dir`.
std::unique_ptr<Workspace> newWorkspace(const QTemporaryDir &dir, const QString &name = QStringLiteral("t.threadline"));

// Imports paths and returns the per-file results.
std::vector<ImportRunner::FileResult> import(
    Workspace &ws, const QStringList &paths, const QString &format = QString());

// First column of the first row of `sql`, as text ("" when no row).
QString queryText(Workspace &ws, const QString &sql);
qint64 queryInt(Workspace &ws, const QString &sql);

QByteArray readFile(const QString &path);
void writeFile(const QString &path, const QByteArray &bytes);

} // namespace TestUtils
