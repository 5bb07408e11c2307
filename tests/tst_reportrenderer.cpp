#include "GuiTestWorkspace.h"
#include "KindStyle.h"
#include "ReportBuilder.h"
#include "ReportRenderer.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceError.h"

#include <QGuiApplication>
#include <QImage>
#include <QTextDocument>
#include <QtTest>

using namespace TestUtils;

// The report's picture and its PDF, drawn from the GUI test workspace the way ReportCommand
// does. Hostile text reaches both: actor names become lane labels, and the HTML printed to PDF
// holds everything a trace said.
class TstReportRenderer : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    GuiTestWorkspace::Ids m_ids;

    // Lane bands are the only pixels of these two greys; counting runs down a column that no
    // item crosses counts the lanes.
    static int lanes(const QImage &image, int x)
    {
        int runs = 0;
        QRgb previous = 0;
        for (int y = 0; y < image.height(); ++y) {
            const QRgb c = image.pixel(x, y);
            const bool band = c == qRgb(245, 245, 245) || c == qRgb(252, 252, 252);
            if (band && c != previous)
                ++runs;
            if (band)
                previous = c; // an item drawn across a lane does not start a new one
        }
        return runs;
    }

    static int pixelsOf(const QImage &image, QColor color)
    {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                n += image.pixel(x, y) == color.rgb();
        return n;
    }

    static int pdfImages(const QByteArray &pdf) { return int(pdf.count("/Subtype /Image")); }

    static QString png64(QColor color)
    {
        QImage image(40, 30, QImage::Format_RGB32);
        image.fill(color);
        return QString::fromLatin1(ReportRenderer::png(image).toBase64());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = newWorkspace(m_dir);
        m_ids = GuiTestWorkspace::build(*m_ws);
    }

    void timelineHasOneLanePerActorAndErrorsInRed()
    {
        const QImage image = ReportRenderer::timeline(*m_ws, m_ids.conversation, QSize(1600, 600));
        QCOMPARE(image.size(), QSize(1600, 600));
        // planner, billing-specialist, and seven sources whose items name no actor; the middle of
        // the 50 minutes is empty, so the column shows bare lanes.
        QCOMPARE(lanes(image, 1600 / 6 + (1600 - 1600 / 6 - 20) / 2), 9);
        const QColor error = KindStyle::errorColor(QGuiApplication::palette());
        QVERIFY(pixelsOf(image, error) > 50); // the rate-limited LLM call and the bounce

        const QImage quiet = ReportRenderer::timeline(*m_ws, m_ids.quietConversation, QSize(800, 300));
        QCOMPARE(lanes(quiet, 800 / 6 + 10), 1);
        QCOMPARE(pixelsOf(quiet, error), 0);
    }

    void timelineCapsLanesAndEmptyCases()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        // Fourteen actors: the last ones share one "(other)" lane rather than shrinking to slivers.
        ws->db().exec("UPDATE items SET actor = 'actor-' || id");
        const QImage image = ReportRenderer::timeline(*ws, ids.conversation, QSize(1600, 600));
        QCOMPARE(lanes(image, 1600 / 6 + (1600 - 1600 / 6 - 20) / 2), 12);

        QVERIFY(ReportRenderer::timeline(*ws, ids.conversation, QSize(0, 600)).isNull());
        ws->db().exec("INSERT INTO conversations(key, item_count) VALUES('empty', 0)");
        QVERIFY(ReportRenderer::timeline(*ws, ws->db().lastInsertRowId(), QSize(800, 300)).isNull());
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, ReportRenderer::timeline(*ws, 9999));
    }

    void timelineDrawsHostileLabelsAsElidedText()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        const QByteArray huge(4 * 1024 * 1024, 'W');
        const QString markup = QString::fromUtf8("<b>\u202Eplanner</b>\t<img src=x onerror=alert(1)>\n");
        {
            auto st = ws->db().prepare("UPDATE items SET actor = ? WHERE id = ?");
            st.bind(1, (markup + QString::fromLatin1(huge)).toStdString()).bind(2, static_cast<int64_t>(ids.planner));
            st.exec();
        }
        // Invalid UTF-8 straight from a log file.
        ws->db().exec(
            "UPDATE items SET actor = CAST(X'6269fffe6c6c' AS TEXT) WHERE id = " + std::to_string(ids.continuation));
        const QImage image = ReportRenderer::timeline(*ws, ids.conversation, QSize(1600, 600));
        QCOMPARE(image.size(), QSize(1600, 600));
        QCOMPARE(lanes(image, 1600 / 6 + (1600 - 1600 / 6 - 20) / 2), 9);
        // The label column ends 4 px before the plot: a long name must not spill into it.
        for (int y = 0; y < image.height(); ++y)
            QVERIFY2(image.pixel(1600 / 6 - 2, y) == qRgb(255, 255, 255), qPrintable(QString::number(y)));
    }

    void pngRoundTrips()
    {
        QVERIFY(ReportRenderer::png(QImage()).isEmpty());
        const QImage image = ReportRenderer::timeline(*m_ws, m_ids.conversation, QSize(640, 240));
        const QByteArray bytes = ReportRenderer::png(image);
        QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
        const QImage back = QImage::fromData(bytes, "PNG");
        QCOMPARE(back.size(), image.size());
        QCOMPARE(back.pixel(320, 120), image.pixel(320, 120));
    }

    void pdfLoadsOnlyDataImages_data()
    {
        QTest::addColumn<QString>("src");
        QTest::newRow("absolute path") << QStringLiteral("%1");
        QTest::newRow("relative path") << QStringLiteral("secret.png");
        QTest::newRow("file url") << QStringLiteral("file://%1");
        QTest::newRow("qrc-style path") << QStringLiteral(":/../%1");
        QTest::newRow("http") << QStringLiteral("http://127.0.0.1:1/secret.png");
        QTest::newRow("data, not base64") << QStringLiteral("data:image/png,secret");
    }

    void pdfLoadsOnlyDataImages()
    {
        QFETCH(QString, src);
        QTemporaryDir dir;
        // A 300x300 picture on this disk that a report must never pull in, whatever the HTML says.
        QImage secret(300, 300, QImage::Format_RGB32);
        secret.fill(Qt::magenta);
        const QString secretPath = dir.filePath(QStringLiteral("secret.png"));
        QVERIFY(secret.save(secretPath));
        const QString html = QStringLiteral("<h1>Report</h1><img src=\"data:image/png;base64,%1\"><img src=\"%2\">")
                                 .arg(png64(Qt::darkCyan), QString(src).replace(QStringLiteral("%1"), secretPath));
        const QString pdfPath = dir.filePath(QStringLiteral("out.pdf"));
        const QString previous = QDir::currentPath();
        QDir::setCurrent(dir.path()); // where a relative name would be looked up
        const QString error = ReportRenderer::writePdf(html, pdfPath, QStringLiteral("Incident report conv_9f3a"));
        QDir::setCurrent(previous);
        QCOMPARE(error, QString());
        const QByteArray pdf = readFile(pdfPath);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QCOMPARE(pdf.count("/Width 40\n/Height 30\n"), 1);
        QCOMPARE(pdf.count("/Width 300\n/Height 300\n"), 0);
    }

    void pdfOfHostileReportIsInert()
    {
        QTemporaryDir dir;
        auto ws = newWorkspace(dir);
        const auto ids = GuiTestWorkspace::build(*ws);
        const QString hostile = QString::fromUtf8(
            "<script>alert(1)</script><img src=x onerror=alert(2)></td></tr></table>&amp; \"q\" 'a' \u202Egnp.exe");
        {
            auto st = ws->db().prepare("UPDATE findings SET explanation = ? WHERE item_id = ?");
            st.bind(1, hostile.toStdString()).bind(2, static_cast<int64_t>(ids.email));
            st.exec();
        }
        ReportBuilder::Options options;
        options.complaint = hostile;
        options.timelinePng = ReportRenderer::png(ReportRenderer::timeline(*ws, ids.conversation));
        const QString html = ReportBuilder::build(*ws, ids.conversation, options);
        QVERIFY(!html.contains(QStringLiteral("<script"), Qt::CaseInsensitive));
        QTextDocument doc;
        doc.setHtml(html);
        const QString text = doc.toPlainText();
        QCOMPARE(text.count(hostile), 2);
        QVERIFY(text.indexOf(QStringLiteral("Sources")) > text.lastIndexOf(hostile));

        const QString pdfPath = dir.filePath(QStringLiteral("report.pdf"));
        QCOMPARE(ReportRenderer::writePdf(html, pdfPath), QString());
        const QByteArray pdf = readFile(pdfPath);
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdfImages(pdf), int(html.count(QStringLiteral("src=\"data:image/"))));
    }

    void pdfWriteFailsCleanly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/report.pdf"));
        const QString error = ReportRenderer::writePdf(QStringLiteral("<p>x</p>"), path);
        QVERIFY(error.startsWith(QStringLiteral("cannot write ") + path));
        QVERIFY(!QFile::exists(path));

        // An older report at the same path is replaced whole.
        const QString existing = writeTemp(dir, QStringLiteral("old.pdf"), QByteArray("stale"));
        QCOMPARE(ReportRenderer::writePdf(QStringLiteral("<p>x</p>"), existing), QString());
        QVERIFY(readFile(existing).startsWith("%PDF-"));
    }
};

QTEST_MAIN(TstReportRenderer)
#include "tst_reportrenderer.moc"
