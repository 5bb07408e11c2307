#include "AnnotationStore.h"

#include "SqliteText.h"
#include "Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

const QString kArrow = QStringLiteral("→");

std::string u8(const QString &s)
{
    return s.toStdString();
}

QString tagsToJson(const QStringList &tags)
{
    if (tags.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

QStringList tagsFromJson(const QString &json)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(json.toUtf8()).array())
        out << v.toString();
    return out;
}

const char *kColumns = "SELECT id, target_kind, target, coalesce(note, ''), coalesce(author, ''), created_at, "
                       "coalesce(decision, ''), coalesce(tags, ''), root_cause FROM annotations ";

AnnotationStore::Annotation readRow(const SqliteStatement &st)
{
    AnnotationStore::Annotation a;
    a.id = st.int64(0);
    a.targetKind = columnText(st, 1);
    a.target = columnText(st, 2);
    a.note = columnText(st, 3);
    a.author = columnText(st, 4);
    a.createdAt = columnText(st, 5);
    a.decision = columnText(st, 6);
    a.tags = tagsFromJson(columnText(st, 7));
    a.rootCause = st.int64(8) != 0;
    return a;
}

std::vector<AnnotationStore::Annotation> query(
    const Workspace &ws, const std::string &where, const std::vector<std::string> &binds)
{
    std::vector<AnnotationStore::Annotation> out;
    SqliteStatement st = ws.db().prepare(std::string(kColumns) + where + " ORDER BY id");
    for (size_t i = 0; i < binds.size(); ++i)
        st.bind(int(i + 1), binds[i]);
    while (st.step())
        out.push_back(readRow(st));
    return out;
}

bool isRowId(const QString &s)
{
    bool ok = false;
    return !s.isEmpty() && s.toLongLong(&ok) > 0 && ok;
}

// The stable form of a row-id target, or "" when it is not one.
QString stableTarget(const Workspace &ws, const QString &kind, const QString &target)
{
    if (!isRowId(target))
        return {};
    const int64_t id = target.toLongLong();
    if (kind == QLatin1String("item"))
        return AnnotationStore::itemTarget(ws, id);
    if (kind == QLatin1String("edge"))
        return AnnotationStore::edgeTarget(ws, id);
    if (kind == QLatin1String("conversation"))
        return AnnotationStore::conversationTarget(ws, id);
    return {};
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

QString AnnotationStore::itemTarget(const Workspace &workspace, int64_t itemId)
{
    auto st = workspace.db().prepare(
        "SELECT s.path, i.ref FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?");
    st.bind(1, itemId);
    return st.step() ? columnText(st, 0) + QLatin1Char('|') + columnText(st, 1) : QString();
}

QString AnnotationStore::conversationTarget(const Workspace &workspace, int64_t conversationId)
{
    auto st = workspace.db().prepare("SELECT key FROM conversations WHERE id = ?");
    st.bind(1, conversationId);
    return st.step() ? columnText(st, 0) : QString();
}

QString AnnotationStore::edgeTarget(const Workspace &workspace, int64_t edgeId)
{
    auto st = workspace.db().prepare("SELECT from_item, to_item FROM edges WHERE id = ?");
    st.bind(1, edgeId);
    if (!st.step())
        return {};
    const QString from = itemTarget(workspace, st.int64(0)), to = itemTarget(workspace, st.int64(1));
    return from.isEmpty() || to.isEmpty() ? QString() : from + kArrow + to;
}

int64_t AnnotationStore::resolveItem(const Workspace &workspace, const QString &target)
{
    // Refs never contain '|'; source paths might.
    const qsizetype bar = target.lastIndexOf(QLatin1Char('|'));
    if (bar <= 0)
        return 0;
    auto st = workspace.db().prepare("SELECT i.id FROM items i JOIN sources s ON s.id = i.source_id "
                                     "WHERE s.path = ? AND i.ref = ? ORDER BY i.id LIMIT 1");
    st.bind(1, u8(target.left(bar))).bind(2, u8(target.mid(bar + 1)));
    return st.step() ? st.int64(0) : 0;
}

int64_t AnnotationStore::resolveConversation(const Workspace &workspace, const QString &target)
{
    auto st = workspace.db().prepare("SELECT id FROM conversations WHERE key = ?");
    st.bind(1, u8(target));
    return st.step() ? st.int64(0) : 0;
}

int64_t AnnotationStore::resolveEdge(const Workspace &workspace, const QString &target)
{
    const qsizetype arrow = target.indexOf(kArrow);
    if (arrow <= 0)
        return 0;
    const int64_t from = resolveItem(workspace, target.left(arrow));
    const int64_t to = resolveItem(workspace, target.mid(arrow + kArrow.size()));
    if (!from || !to)
        return 0;
    // Prefer a suggested edge: that is what accept/reject decisions are about.
    auto st = workspace.db().prepare(
        "SELECT id FROM edges WHERE from_item = ? AND to_item = ? ORDER BY suggested DESC, id LIMIT 1");
    st.bind(1, from).bind(2, to);
    return st.step() ? st.int64(0) : 0;
}

QString AnnotationStore::defaultAuthor()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    return user;
}

int64_t AnnotationStore::add(Workspace &workspace, const Annotation &a)
{
    SqliteStatement st = workspace.db().prepare("INSERT INTO annotations(target_kind, target, note, tags, author, "
                                                "created_at, root_cause, decision) VALUES(?,?,?,?,?,?,?,?)");
    st.bind(1, u8(a.targetKind))
        .bind(2, u8(a.target))
        .bindOptional(3, u8(a.note))
        .bindOptional(4, u8(tagsToJson(a.tags)))
        .bindOptional(5, u8(a.author.isEmpty() ? defaultAuthor() : a.author))
        .bind(6, u8(a.createdAt.isEmpty() ? now() : a.createdAt))
        .bind(7, a.rootCause ? 1 : 0)
        .bindOptional(8, u8(a.decision));
    st.exec();
    return workspace.db().lastInsertRowId();
}

bool AnnotationStore::update(Workspace &workspace, const Annotation &a)
{
    SqliteStatement st = workspace.db().prepare(
        "UPDATE annotations SET note = ?, tags = ?, author = ?, root_cause = ?, decision = ? WHERE id = ?");
    st.bindOptional(1, u8(a.note))
        .bindOptional(2, u8(tagsToJson(a.tags)))
        .bindOptional(3, u8(a.author))
        .bind(4, a.rootCause ? 1 : 0)
        .bindOptional(5, u8(a.decision))
        .bind(6, a.id);
    st.exec();
    return workspace.db().changes() > 0;
}

bool AnnotationStore::remove(Workspace &workspace, int64_t id)
{
    auto st = workspace.db().prepare("DELETE FROM annotations WHERE id = ?");
    st.bind(1, id);
    st.exec();
    return workspace.db().changes() > 0;
}

std::optional<AnnotationStore::Annotation> AnnotationStore::get(const Workspace &workspace, int64_t id)
{
    auto rows = query(workspace, "WHERE id = ?", {std::to_string(id)});
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

std::vector<AnnotationStore::Annotation> AnnotationStore::all(const Workspace &workspace)
{
    return query(workspace, "", {});
}

std::vector<AnnotationStore::Annotation> AnnotationStore::search(const Workspace &workspace, const QString &text)
{
    // instr on lower() rather than LIKE: the user's text may contain % or _.
    const std::string needle = u8(text.toLower());
    return query(workspace,
        "WHERE instr(lower(coalesce(note, '')), ?1) > 0 OR instr(lower(coalesce(tags, '')), ?1) > 0 "
        "OR instr(lower(coalesce(author, '')), ?1) > 0",
        {needle});
}

std::vector<AnnotationStore::Annotation> AnnotationStore::forConversation(
    const Workspace &workspace, int64_t conversationId)
{
    // The stable targets of everything in the conversation, computed in SQL so a large
    // conversation costs one pass.
    const std::string itemTargets = "SELECT s.path || '|' || i.ref FROM conversation_items ci "
                                    "JOIN items i ON i.id = ci.item_id JOIN sources s ON s.id = i.source_id "
                                    "WHERE ci.conversation_id = ?1";
    const std::string edgeTargets
        = "SELECT sf.path || '|' || f.ref || '→' || st.path || '|' || t.ref FROM edges e "
          "JOIN conversation_items cf ON cf.item_id = e.from_item AND cf.conversation_id = ?1 "
          "JOIN items f ON f.id = e.from_item JOIN sources sf ON sf.id = f.source_id "
          "JOIN items t ON t.id = e.to_item JOIN sources st ON st.id = t.source_id";
    const std::string id = std::to_string(conversationId);
    return query(workspace,
        "WHERE (target_kind = 'conversation' AND target = (SELECT key FROM conversations WHERE id = ?1)) "
        "OR (target_kind = 'item' AND (target IN ("
            + itemTargets
            + ") OR target IN (SELECT CAST(item_id AS TEXT) FROM conversation_items WHERE "
              "conversation_id = ?1))) OR (target_kind = 'edge' AND target IN ("
            + edgeTargets + "))",
        {id});
}

std::vector<AnnotationStore::Annotation> AnnotationStore::list(
    const Workspace &workspace, const QString &targetKind, const QString &target)
{
    const QString stable = stableTarget(workspace, targetKind, target);
    if (stable.isEmpty())
        return query(workspace, "WHERE target_kind = ? AND target = ?", {u8(targetKind), u8(target)});
    return query(workspace, "WHERE target_kind = ? AND target IN (?, ?)", {u8(targetKind), u8(target), u8(stable)});
}

int64_t AnnotationStore::add(Workspace &workspace, const QString &targetKind, const QString &target,
    const QString &note, const QString &decision)
{
    Annotation a;
    a.targetKind = targetKind;
    a.target = target;
    a.note = note;
    a.decision = decision;
    return add(workspace, a);
}

QString AnnotationStore::decision(const Workspace &workspace, const QString &targetKind, const QString &target)
{
    const QString stable = stableTarget(workspace, targetKind, target);
    SqliteStatement st = workspace.db().prepare("SELECT decision FROM annotations WHERE target_kind = ? AND target IN "
                                                "(?, ?) AND decision IS NOT NULL ORDER BY id DESC LIMIT 1");
    st.bind(1, u8(targetKind)).bind(2, u8(target)).bind(3, u8(stable.isEmpty() ? target : stable));
    return st.step() ? columnText(st, 0) : QString();
}

int64_t AnnotationStore::addBookmark(
    Workspace &workspace, const QString &targetKind, const QString &target, const QString &label)
{
    auto st = workspace.db().prepare("INSERT INTO bookmarks(target_kind, target, label, created_at) VALUES(?,?,?,?)");
    st.bind(1, u8(targetKind)).bind(2, u8(target)).bindOptional(3, u8(label)).bind(4, u8(now()));
    st.exec();
    return workspace.db().lastInsertRowId();
}

bool AnnotationStore::renameBookmark(Workspace &workspace, int64_t id, const QString &label)
{
    auto st = workspace.db().prepare("UPDATE bookmarks SET label = ? WHERE id = ?");
    st.bindOptional(1, u8(label)).bind(2, id);
    st.exec();
    return workspace.db().changes() > 0;
}

bool AnnotationStore::removeBookmark(Workspace &workspace, int64_t id)
{
    auto st = workspace.db().prepare("DELETE FROM bookmarks WHERE id = ?");
    st.bind(1, id);
    st.exec();
    return workspace.db().changes() > 0;
}

std::vector<AnnotationStore::Bookmark> AnnotationStore::bookmarks(const Workspace &workspace)
{
    std::vector<Bookmark> out;
    auto st = workspace.db().prepare(
        "SELECT id, target_kind, target, coalesce(label, ''), created_at FROM bookmarks ORDER BY id");
    while (st.step())
        out.push_back({st.int64(0), columnText(st, 1), columnText(st, 2), columnText(st, 3), columnText(st, 4)});
    return out;
}
