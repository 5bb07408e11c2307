// GUI scale benchmark: a workspace of 1 M items (WorkspaceWriter), then
//  - time from opening it to the main window's first paint (offscreen),
//  - time to select a conversation of 100 k items (timeline data + decision tree),
//  - per-frame paint time of the timeline with those 100 k items in view, at several zooms.
// Prints one JSON object. Usage: bench_timeline [total_items] [items_in_view]
#include "MainWindow.h"
#include "SelectionState.h"
#include "TimelineWidget.h"
#include "TimestampParser.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

namespace {
struct Stats
{
    double median = 0, p95 = 0, max = 0;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 95 / 100)], v.back()};
}
} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int total = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    const int inView = std::min(total, argc > 2 ? std::atoi(argv[2]) : 100'000);
    const int perConversation = 100;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.threadline"));
    QElapsedTimer timer;
    timer.start();
    {
        auto ws = Workspace::create(path);
        WorkspaceWriter w(*ws);
        WorkspaceWriter::SourceInfo info;
        info.path = "bench.jsonl";
        info.format = "jsonl-log";
        info.sha256 = "bench";
        w.beginSource(info);
        const int64_t t0 = *TimestampParser::parseText("2025-02-07T00:00:00Z");
        const ItemKind kinds[] = {ItemKind::Llm, ItemKind::Tool, ItemKind::Log, ItemKind::Retrieval, ItemKind::Log,
            ItemKind::Handoff, ItemKind::Email};
        for (int i = 0; i < total; ++i) {
            Item it;
            it.ref = "line:" + std::to_string(i + 1);
            it.kind = kinds[i % 7];
            it.name = "step " + std::to_string(i);
            // The first inView items: one busy 10-minute conversation; the rest: 100-item ones.
            const int64_t start
                = i < inView ? t0 + int64_t(i) * 600'000'000'000LL / inView : t0 + int64_t(i) * 2'000'000'000LL;
            it.startNs = start;
            it.endNs = start + (i % 3 == 0 ? 40'000'000 : 2'000'000);
            it.status = i % 101 == 0 ? 2 : 1;
            it.text = "request " + std::to_string(i);
            w.addItem(it);
        }
        w.commitSource();
        SqliteDatabase &db = ws->db();
        SqliteTransaction tx(db);
        db.exec("INSERT INTO conversations(id, key, start_ns, end_ns, item_count) VALUES(1, 'busy', "
                "(SELECT min(start_ns) FROM items WHERE id <= "
            + std::to_string(inView)
            + "), (SELECT max(end_ns) FROM items "
              "WHERE id <= "
            + std::to_string(inView) + "), " + std::to_string(inView) + ")");
        db.exec("INSERT INTO conversation_items SELECT 1, id FROM items WHERE id <= " + std::to_string(inView));
        db.exec("INSERT INTO conversations(id, key, start_ns, end_ns, item_count) SELECT 2 + (id - "
            + std::to_string(inView + 1) + ") / " + std::to_string(perConversation) + ", 'c' || (2 + (id - "
            + std::to_string(inView + 1) + ") / " + std::to_string(perConversation)
            + "), min(start_ns), max(end_ns), count(*) FROM items WHERE id > " + std::to_string(inView)
            + " GROUP BY 1");
        db.exec("INSERT INTO conversation_items SELECT 2 + (id - " + std::to_string(inView + 1) + ") / "
            + std::to_string(perConversation) + ", id FROM items WHERE id > " + std::to_string(inView));
        db.exec("INSERT INTO findings(kind, severity, conversation_id, item_id, explanation) VALUES('broken_handoff', "
                "'error', 1, 6, 'bench finding')");
        tx.commit();
        ws->checkpoint();
    }
    const double buildS = timer.elapsed() / 1000.0;

    // Open → first paint.
    timer.restart();
    MainWindow window;
    window.resize(1600, 1000);
    if (!window.openWorkspace(path))
        return 1;
    window.show();
    const QImage first = window.grab().toImage();
    const double firstPaintMs = timer.nsecsElapsed() / 1e6;

    // Selecting the 100 k conversation: timeline data, lanes, decision tree.
    timer.restart();
    // The GUI thread only starts the load (a worker reads and builds); count both.
    window.selectConversation(1);
    const double selectGuiMs = timer.nsecsElapsed() / 1e6;
    if (!window.waitForConversation(120000))
        return 1;
    const double selectMs = timer.nsecsElapsed() / 1e6;

    TimelineWidget *timeline = window.timeline();
    timeline->resize(1200, 360);
    QImage frame(timeline->size(), QImage::Format_ARGB32_Premultiplied);
    auto paintFrames = [&](int frames) {
        std::vector<double> ms;
        for (int f = 0; f < frames; ++f) {
            timeline->render(&frame);
            ms.push_back(timeline->lastPaintMs());
        }
        return stats(ms);
    };
    timeline->fitAll();
    const Stats fit = paintFrames(30);
    // Zoom in around the middle, and pan while zoomed (a drag).
    auto *axis = const_cast<TimelineAxis *>(&timeline->axis());
    axis->zoomAround(600, 10);
    const Stats zoom10 = paintFrames(30);
    axis->zoomAround(600, 10);
    const Stats zoom100 = paintFrames(30);
    std::vector<double> pan;
    for (int f = 0; f < 30; ++f) {
        axis->pan(-25);
        timeline->render(&frame);
        pan.push_back(timeline->lastPaintMs());
    }
    const Stats panStats = stats(pan);

    std::printf(
        "{\"bench\":\"timeline\",\"workspace_items\":%d,\"conversations\":%d,\"build_workspace_s\":%.1f,"
        "\"open_to_first_paint_ms\":%.1f,\"select_100k_gui_thread_ms\":%.1f,\"select_100k_conversation_ms\":%.1f,"
        "\"items_in_view\":%d,"
        "\"timeline_size\":\"1200x360\","
        "\"frame_ms_fit\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f},"
        "\"frame_ms_zoom10\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f},"
        "\"frame_ms_zoom100\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f},"
        "\"frame_ms_pan\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f},\"first_paint_size\":\"%dx%d\"}\n",
        total, 1 + (total - inView + perConversation - 1) / perConversation, buildS, firstPaintMs, selectGuiMs,
        selectMs, inView, fit.median, fit.p95, fit.max, zoom10.median, zoom10.p95, zoom10.max, zoom100.median,
        zoom100.p95, zoom100.max, panStats.median, panStats.p95, panStats.max, first.width(), first.height());
    return 0;
}
