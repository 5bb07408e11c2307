#include "TestUtils.h"

#include "ImportInput.h"
#include "ImporterRegistry.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace TestUtils {

QString realFixture(const QString &relative)
{
    return QStringLiteral(THREADLINE_REAL_FIXTURES "/") + relative;
}

QString testData(const QString &relative)
{
    return QStringLiteral(THREADLINE_TEST_DATA "/") + relative;
}

QStringList realFixturesOutside(const QString &skipFolder)
{
    QStringList files;
    QDirIterator it(realFixture(QString()), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1Char('/') + skipFolder + QLatin1Char('/')) || path.endsWith(QStringLiteral(".md")))
            continue;
        files << path;
    }
    return files;
}

QString demoDir()
{
    return QStringLiteral(THREADLINE_DEMO_DIR);
}

QString threadlineBinary()
{
    return QStringLiteral(THREADLINE_BINARY);
}

std::unique_ptr<Workspace> newWorkspace(const QTemporaryDir &dir, const QString &name)
{
    return Workspace::create(dir.filePath(name));
}

std::vector<ImportRunner::FileResult> import(Workspace &ws, const QStringList &paths, const QString &format)
{
    ImportRunner runner(ws);
    ImportRunner::Options options;
    options.format = format;
    return runner.run(paths, options);
}

ImportRunner::FileResult importOne(Workspace &ws, const QString &path, const QString &format)
{
    const auto results = import(ws, {path}, format);
    return results.empty() ? ImportRunner::FileResult() : results.front();
}

std::unique_ptr<Workspace> importOne(const QTemporaryDir &dir, const QString &path, ImportRunner::FileResult &result)
{
    auto ws = newWorkspace(dir);
    const auto results = import(*ws, {path});
    if (!results.empty())
        result = results.front();
    return ws;
}

QString detectFormat(const QString &path)
{
    const std::string head = ImportInput::head(path.toStdString(), 64 * 1024);
    const Importer *imp
        = ImporterRegistry::instance().detect(SniffInput {head, QFileInfo(path).fileName().toStdString()});
    return imp ? QString::fromLatin1(imp->format()) : QString();
}

int sniffScore(const Importer &importer, const QString &path)
{
    const std::string head = ImportInput::head(path.toStdString(), 64 * 1024);
    return importer.sniff(SniffInput {head, QFileInfo(path).fileName().toStdString()});
}

qint64 ns(const char *iso)
{
    return *TimestampParser::parseText(iso);
}

QString queryText(Workspace &ws, const QString &sql)
{
    return QString::fromStdString(ws.db().queryText(sql.toStdString()));
}

qint64 queryInt(Workspace &ws, const QString &sql)
{
    return ws.db().queryInt(sql.toStdString(), -1);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(bytes);
}

QString writeTemp(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    writeFile(path, bytes);
    return path;
}

} // namespace TestUtils
