#include "TimelineData.h"

#include "SqliteText.h"
#include "TimelineLanes.h"
#include "Workspace.h"

#include <cstring>

int TimelineData::indexOf(int64_t itemId) const
{
    const auto it = m_index.find(itemId);
    return it == m_index.end() ? -1 : it->second;
}

const TimelineData::AudioTrack *TimelineData::audioFor(int64_t itemId) const
{
    for (const AudioTrack &a : audio)
        if (a.itemId == itemId)
            return &a;
    return nullptr;
}

void TimelineData::reindex()
{
    m_index.clear();
    m_index.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        m_index.emplace(items[i].id, int(i));
}

TimelineData TimelineData::load(const Workspace &workspace, int64_t conversationId)
{
    TimelineData data;
    const SqliteDatabase &db = workspace.db();
    SqliteStatement st
        = db.prepare("SELECT i.id, i.kind, i.name, i.actor, i.start_ns, i.end_ns, i.status, s.clock_offset_ns, "
                     "CASE WHEN i.kind IN ('asr', 'speech') THEN substr(coalesce(i.text, ''), 1, 2000) "
                     "ELSE substr(coalesce(i.text, ''), 1, 200) END, "
                     "CASE WHEN json_valid(i.detail) THEN json_type(i.detail, '$.handoff') IS NOT NULL ELSE 0 END "
                     "FROM conversation_items ci JOIN items i ON i.id = ci.item_id "
                     "JOIN sources s ON s.id = i.source_id WHERE ci.conversation_id = ? ORDER BY i.start_ns, i.id");
    st.bind(1, conversationId);
    while (st.step()) {
        TimelineItem it;
        it.id = st.int64(0);
        it.kind = columnText(st, 1);
        it.name = columnText(st, 2);
        it.actor = columnText(st, 3);
        it.startNs = st.int64(4);
        it.endNs = st.int64(5);
        it.status = st.integer(6);
        it.clockOffsetNs = st.int64(7);
        it.text = columnText(st, 8);
        // A step that hands work to another agent is a handoff whatever its kind says: SDKs
        // record the transfer as an invoke_agent span (kind agent) carrying detail.handoff.
        it.lane = st.integer(9) != 0 ? int(TimelineLanes::Handoff) : TimelineLanes::laneForKind(it.kind);
        data.items.push_back(std::move(it));
    }
    data.reindex();

    SqliteStatement broken
        = db.prepare("SELECT item_id, coalesce(related_item_id, 0) FROM findings "
                     "WHERE conversation_id = ? AND kind = 'broken_handoff' AND item_id IS NOT NULL");
    broken.bind(1, conversationId);
    while (broken.step()) {
        const int i = data.indexOf(broken.int64(0));
        if (i < 0)
            continue;
        data.items[size_t(i)].broken = true;
        // The item a broken_handoff finding names is the handoff, even when it is an agent span.
        data.items[size_t(i)].lane = TimelineLanes::Handoff;
        data.items[size_t(i)].continuationId = broken.int64(1);
    }

    SqliteStatement media
        = db.prepare("SELECT m.item_id, m.duration_ns, m.peaks FROM media m JOIN conversation_items ci "
                     "ON ci.item_id = m.item_id WHERE ci.conversation_id = ? AND m.peaks IS NOT NULL");
    media.bind(1, conversationId);
    while (media.step()) {
        AudioTrack track;
        track.itemId = media.int64(0);
        track.durationNs = media.int64(1);
        const std::string_view blob = media.blob(2);
        track.peaks.resize(blob.size() / sizeof(float));
        if (!track.peaks.empty())
            std::memcpy(track.peaks.data(), blob.data(), track.peaks.size() * sizeof(float));
        data.audio.push_back(std::move(track));
    }
    return data;
}

QByteArray TimelineData::mediaBytes(const Workspace &workspace, int64_t itemId, QString *mime)
{
    SqliteStatement st = workspace.db().prepare("SELECT mime, data FROM media WHERE item_id = ? ORDER BY id LIMIT 1");
    st.bind(1, itemId);
    if (!st.step())
        return {};
    if (mime)
        *mime = columnText(st, 0);
    const std::string_view blob = st.blob(1);
    return QByteArray(blob.data(), qsizetype(blob.size()));
}
