#include "TestUtils.h"

#include "Workspace.h"

#include <QDir>
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

} // namespace TestUtils
