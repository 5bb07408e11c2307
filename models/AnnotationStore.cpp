#include "AnnotationStore.h"

#include "Workspace.h"

#include <QDateTime>

namespace {
QString qs(const SqliteStatement &st, int col)
{
    const std::string_view v = st.textView(col);
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

QString userName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user;
}
} // namespace

std::vector<AnnotationStore::Annotation> AnnotationStore::list(
    const Workspace &workspace, const QString &targetKind, const QString &target)
{
    std::vector<Annotation> out;
    SqliteStatement st = workspace.db().prepare(
        "SELECT id, target_kind, target, coalesce(note, ''), coalesce(author, ''), created_at, coalesce(decision, '') "
        "FROM annotations WHERE target_kind = ? AND target = ? ORDER BY id");
    st.bind(1, targetKind.toStdString());
    st.bind(2, target.toStdString());
    while (st.step())
        out.push_back({st.int64(0), qs(st, 1), qs(st, 2), qs(st, 3), qs(st, 4), qs(st, 5), qs(st, 6)});
    return out;
}

int64_t AnnotationStore::add(
    Workspace &workspace, const QString &targetKind, const QString &target, const QString &note, const QString &decision)
{
    SqliteStatement st = workspace.db().prepare(
        "INSERT INTO annotations(target_kind, target, note, author, created_at, decision) VALUES(?,?,?,?,?,?)");
    st.bind(1, targetKind.toStdString());
    st.bind(2, target.toStdString());
    st.bindOptional(3, note.toStdString());
    st.bindOptional(4, userName().toStdString());
    st.bind(5, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString());
    st.bindOptional(6, decision.toStdString());
    st.exec();
    return workspace.db().lastInsertRowId();
}

QString AnnotationStore::decision(const Workspace &workspace, const QString &targetKind, const QString &target)
{
    SqliteStatement st = workspace.db().prepare("SELECT decision FROM annotations WHERE target_kind = ? AND target = ? "
                                                "AND decision IS NOT NULL ORDER BY id DESC LIMIT 1");
    st.bind(1, targetKind.toStdString());
    st.bind(2, target.toStdString());
    return st.step() ? qs(st, 0) : QString();
}
