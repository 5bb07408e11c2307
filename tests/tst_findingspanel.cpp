#include "FindingsModel.h"
#include "FindingsPanel.h"
#include "GuiTestWorkspace.h"
#include "KindStyle.h"
#include "SelectionState.h"
#include "TestUtils.h"
#include "Workspace.h"

#include <QApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTextDocument>
#include <QtTest>

using namespace TestUtils;

// The panel fed the way MainWindow feeds it: a FindingsModel given the workspace and its first
// page fetched, the shared SelectionState, and navigate() as the only way out.
class TstFindingsPanel : public QObject
{
    Q_OBJECT

    struct Panel
    {
        FindingsModel model;
        SelectionState state;
        FindingsPanel panel {&model, &state};
        QTableView *view = panel.view();

        explicit Panel(Workspace *ws)
        {
            panel.resize(1000, 240);
            panel.show();
            model.setWorkspace(ws);
            if (model.canFetchMore({}))
                model.fetchMore({});
            QCoreApplication::processEvents();
        }
        QString cell(int row, int column) const { return view->model()->index(row, column).data().toString(); }
        QRect rect(int row, int column) const { return view->visualRect(view->model()->index(row, column)); }
    };

    static int pixelsOf(const QImage &image, const QRect &rect, QColor color)
    {
        int n = 0;
        for (int y = rect.top(); y <= rect.bottom(); ++y)
            for (int x = rect.left(); x <= rect.right(); ++x)
                n += image.pixel(x, y) == color.rgb();
        return n;
    }

    // What a reader sees in the tooltip shown for `row`'s explanation: a QLabel decides rich
    // or plain text by itself, so decide the same way.
    static QString tooltipShown(Panel &p, int row)
    {
        const QRect r = p.rect(row, FindingsModel::ExplanationColumn);
        QHelpEvent help(QEvent::ToolTip, r.center(), p.view->viewport()->mapToGlobal(r.center()));
        QCoreApplication::sendEvent(p.view->viewport(), &help);
        for (QWidget *w : QApplication::topLevelWidgets()) {
            auto *label = qobject_cast<QLabel *>(w);
            if (!label || w->objectName() != QLatin1String("qtooltip_label") || !w->isVisible())
                continue;
            const bool rich = label->textFormat() == Qt::RichText
                || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
            if (!rich)
                return label->text();
            QTextDocument doc;
            doc.setHtml(label->text());
            return doc.toPlainText();
        }
        return QStringLiteral("(no tooltip)");
    }

private Q_SLOTS:
    void listsEveryFindingWithSeverityColours()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        GuiTestWorkspace::build(*ws);
        ws->db().exec("UPDATE conversations SET title = 'Refund ' || printf('%.300c', 'x') WHERE key = 'conv_9f3a'");
        Panel p(ws.get());
        QCOMPARE(p.view->model()->rowCount(), 3);
        QCOMPARE(p.cell(0, FindingsModel::SeverityColumn), QStringLiteral("error"));
        QCOMPARE(p.cell(0, FindingsModel::KindColumn), QStringLiteral("broken handoff"));
        QCOMPARE(p.cell(0, FindingsModel::ExplanationColumn),
            QStringLiteral("planner handed off to billing-specialist but no span of it appears under the handoff"));
        QCOMPARE(p.cell(1, FindingsModel::KindColumn), QStringLiteral("delivery failure"));
        QCOMPARE(p.cell(2, FindingsModel::SeverityColumn), QStringLiteral("warning"));
        QCOMPARE(p.cell(2, FindingsModel::ExplanationColumn), QStringLiteral("payments-api.jsonl runs 412 ms ahead"));
        // A 300-character title must not push the explanation off screen.
        QCOMPARE(p.view->columnWidth(FindingsModel::ConversationColumn), 320);
        QCOMPARE(p.view->horizontalHeader()->sectionResizeMode(FindingsModel::ExplanationColumn), QHeaderView::Stretch);
        QVERIFY(p.view->columnWidth(FindingsModel::ExplanationColumn) > 100);
        QCOMPARE(p.panel.objectName(), QStringLiteral("findingsDock")); // the saved dock layout's key

        // Errors read in the error colour with the broken icon, warnings in the suggestion colour.
        const QImage image = p.view->viewport()->grab().toImage();
        const QPalette palette = p.view->palette();
        const QColor error = KindStyle::errorColor(palette), warning = KindStyle::suggestedColor(palette);
        QVERIFY(pixelsOf(image, p.rect(1, FindingsModel::ExplanationColumn), error) > 0);
        QCOMPARE(pixelsOf(image, p.rect(2, FindingsModel::ExplanationColumn), error), 0);
        QVERIFY(pixelsOf(image, p.rect(2, FindingsModel::ExplanationColumn), warning) > 0);
        const QImage icon = KindStyle::brokenIcon().pixmap(14, 14).toImage();
        QVERIFY(pixelsOf(image, p.rect(0, FindingsModel::SeverityColumn), icon.pixel(7, 7)) > 0);
        QCOMPARE(pixelsOf(image, p.rect(2, FindingsModel::SeverityColumn), icon.pixel(7, 7)), 0);
    }

    void clickingOrActivatingNavigates()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        Panel p(ws.get());
        QSignalSpy spy(&p.panel, &FindingsPanel::navigate);
        QTest::mouseClick(p.view->viewport(), Qt::LeftButton, {}, p.rect(1, FindingsModel::KindColumn).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), ids.conversation);
        QCOMPARE(spy.at(0).at(1).toLongLong(), ids.email);
        // A source-level finding (clock skew) names no item: MainWindow then only opens the conversation.
        QTest::mouseClick(p.view->viewport(), Qt::LeftButton, {}, p.rect(2, FindingsModel::KindColumn).center());
        QCOMPARE(spy.at(1).at(1).toLongLong(), 0);
        p.view->setCurrentIndex(p.view->model()->index(0, 0));
        QTest::keyClick(p.view, Qt::Key_Return);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(1).toLongLong(), ids.handoff);
    }

    void selectionElsewhereHighlightsWithoutEcho()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        Panel p(ws.get());
        QSignalSpy spy(&p.panel, &FindingsPanel::navigate);
        p.state.setItem(ids.email);
        QCOMPARE(p.view->currentIndex().row(), 1);
        QCOMPARE(p.view->selectionModel()->selectedRows().size(), 1);
        // An item without a finding leaves the last one highlighted rather than clearing it.
        p.state.setItem(ids.llm);
        QCOMPARE(p.view->currentIndex().row(), 1);
        p.state.setItem(ids.handoff);
        QCOMPARE(p.view->selectionModel()->selectedRows().value(0).row(), 0);
        QCOMPARE(spy.count(), 0); // highlighting must not navigate back and loop
    }

    void emptyWorkspaceAndNoWorkspace()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        Panel p(ws.get());
        QCOMPARE(p.view->model()->rowCount(), 0);
        QCOMPARE(p.view->model()->headerData(FindingsModel::ExplanationColumn, Qt::Horizontal).toString(),
            QStringLiteral("Explanation"));
        QVERIFY(!p.view->viewport()->grab().isNull());

        GuiTestWorkspace::build(*ws);
        p.model.setWorkspace(ws.get());
        p.model.fetchMore({});
        QCOMPARE(p.view->model()->rowCount(), 3);
        // MainWindow detaches the workspace before closing it; nothing may still point into it.
        p.model.setWorkspace(nullptr);
        QCOMPARE(p.view->model()->rowCount(), 0);
        QSignalSpy spy(&p.panel, &FindingsPanel::navigate);
        QTest::mouseClick(p.view->viewport(), Qt::LeftButton, {}, QPoint(20, 10));
        QCOMPARE(spy.count(), 0);
    }

    void hostileExplanationIsText()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        const QString markup = QString::fromUtf8("<b>bold</b> <img src=x onerror=alert(1)> <script>alert(2)</script> "
                                                 "</td></tr></table> &amp; \"q\" \u202Etxt.exe");
        auto st = ws->db().prepare("UPDATE findings SET explanation = ? WHERE item_id = ?");
        st.bind(1, markup.toStdString()).bind(2, static_cast<int64_t>(ids.email)).exec();
        st.bind(1, std::string(5 * 1024 * 1024, 'A') + "\ttail").bind(2, static_cast<int64_t>(ids.handoff)).exec();
        ws->db().exec(
            "UPDATE findings SET explanation = CAST(X'6f6bff0a6e6f' AS TEXT) WHERE kind = 'clock_skew'"); // bad UTF-8
        Panel p(ws.get());
        QCOMPARE(p.cell(1, FindingsModel::ExplanationColumn), markup);
        QCOMPARE(p.cell(2, FindingsModel::ExplanationColumn), QString::fromUtf8("ok\uFFFD\nno"));
        QVERIFY(!p.view->viewport()->grab().isNull());
        QCOMPARE(tooltipShown(p, 1), markup);
        // Five megabytes are shown as their start: laying out all of it froze each repaint for seconds.
        const QString start = tooltipShown(p, 0);
        QVERIFY(start.startsWith(QStringLiteral("AAAA")));
        QVERIFY(start.endsWith(QChar(0x2026)));
        QVERIFY(start.size() < 3000);
        QStyleOptionViewItem option;
        option.initFrom(p.view);
        const QSize hint
            = p.view->itemDelegate()->sizeHint(option, p.view->model()->index(0, FindingsModel::ExplanationColumn));
        QVERIFY2(hint.width() < 100000, qPrintable(QString::number(hint.width())));
    }
};

QTEST_MAIN(TstFindingsPanel)
#include "tst_findingspanel.moc"
