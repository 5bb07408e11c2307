#include "AnnotationStore.h"
#include "DetailsPanel.h"
#include "GuiTestWorkspace.h"
#include "SelectionState.h"
#include "TestUtils.h"
#include "Workspace.h"
#include "WorkspaceWriter.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QTextBrowser>
#include <QtTest>

// The details panel fed the way MainWindow feeds it: a workspace, then selections through the
// shared SelectionState. What it shows is read back as the browser's plain text, which is what
// the engineer sees: markup that survives as literal text was not rendered.
class TstDetailsPanel : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    GuiTestWorkspace::Ids m_ids;
    int m_sources = 0;

    struct View
    {
        SelectionState state;
        DetailsPanel panel {&state};
        explicit View(Workspace *ws)
        {
            panel.resize(640, 700);
            panel.show();
            panel.setWorkspace(ws);
            QCoreApplication::processEvents();
        }
        QTextBrowser *browser() const { return panel.findChild<QTextBrowser *>(); }
        QString text() const { return browser()->toPlainText(); }
        QLineEdit *note() const { return panel.findChild<QLineEdit *>(); }
    };

    // Each hostile item in a source of its own, so data rows never see each other's items.
    qint64 addItem(Item it)
    {
        WorkspaceWriter w(*m_ws);
        WorkspaceWriter::SourceInfo info;
        info.path = "hostile/" + std::to_string(++m_sources) + ".json";
        info.format = "json-records";
        info.size = 1;
        info.sha256 = info.path;
        w.beginSource(info);
        const qint64 id = w.addItem(std::move(it));
        w.commitSource();
        return id;
    }

    // Raw bytes past the writer, as a damaged or foreign workspace file would hold them.
    void setColumn(qint64 id, const char *column, const std::string &bytes)
    {
        SqliteStatement st = m_ws->db().prepare("UPDATE items SET " + std::string(column) + " = ? WHERE id = ?");
        st.bind(1, std::string_view(bytes));
        st.bind(2, int64_t(id));
        st.step();
    }

    static Item named(const char *name)
    {
        Item it;
        it.kind = ItemKind::Llm;
        it.ref = "record:1";
        it.name = name;
        it.startNs = 1'738'893'000'000'000'000LL;
        it.endNs = it.startNs + 1'000'000'000LL;
        return it;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_ws = TestUtils::newWorkspace(m_dir);
        m_ids = GuiTestWorkspace::build(*m_ws);
    }

    void llmItemShowsPromptModelsAndMessages()
    {
        View v(m_ws.get());
        v.state.setItem(m_ids.llm);
        QCOMPARE(v.panel.details().id, m_ids.llm);
        const QString t = v.text();
        QVERIFY(t.contains(QStringLiteral("asked gpt-4o · served gpt-4o-2024-08-06")));
        QVERIFY(t.contains(QStringLiteral("triage version v3")));
        QVERIFY(t.contains(QStringLiteral("Classify: {{complaint}}")));
        QVERIFY(t.contains(QStringLiteral("You are the planner.")));
        QVERIFY(t.contains(QStringLiteral("I will refund and hand off to billing.")));
        // The tool call's JSON-in-a-string arguments are unpacked and indented.
        QVERIFY(t.contains(QStringLiteral("calls refund")));
        QVERIFY(t.contains(QStringLiteral("\"account\": \"ACC-0192\",")));
        QVERIFY(t.contains(QStringLiteral("812 / 64")));
        // A served model other than the one asked for is flagged in the error colour; a match is not.
        QVERIFY(v.panel.html().contains(QStringLiteral("#c62828")));
        v.state.setItem(m_ids.continuationLlm);
        QVERIFY(v.text().contains(QStringLiteral("asked gpt-4o-mini · served gpt-4o-mini")));
        QVERIFY(!v.panel.html().contains(QStringLiteral("#c62828")));

        v.state.setItem(m_ids.retrieval);
        QVERIFY(v.text().contains(QStringLiteral("refund-policy#3")));
        QVERIFY(v.text().contains(QStringLiteral("score 0.870")));
        QVERIFY(v.text().contains(QStringLiteral("Emails may take 10 minutes.")));
    }

    void toolItemShowsArgumentsResultAndJoins()
    {
        View v(m_ws.get());
        v.state.setItem(m_ids.tool);
        const QString t = v.text();
        QVERIFY(t.contains(QStringLiteral("Tool refund")));
        QVERIFY(t.contains(QStringLiteral("call id call_1")));
        QVERIFY(t.contains(QStringLiteral("\"amount\": \"250.00\"")));
        QVERIFY(t.contains(QStringLiteral("\"refund_id\": \"rf_77\"")));
        QVERIFY(t.contains(QStringLiteral("Log lines (1)")));
        QVERIFY(t.contains(QStringLiteral("POST /refunds account=ACC-0192 amount=250.00 -> 202")));
        QVERIFY(t.contains(QStringLiteral("Why it is joined (1)")));
        QVERIFY(t.contains(QStringLiteral("weight 0.80")));
        // Following the log line's link selects it for every view.
        QVERIFY(v.panel.html().contains(QStringLiteral("item:%1").arg(m_ids.paymentsLog)));
    }

    void mediaItemsShowTheirMedia()
    {
        View v(m_ws.get());
        QPushButton *play = nullptr;
        for (QPushButton *b : v.panel.findChildren<QPushButton *>())
            if (b->text() == QStringLiteral("Play"))
                play = b;
        QVERIFY(play);
        v.state.setItem(m_ids.image);
        QVERIFY(v.text().contains(QStringLiteral("Image (64 × 40)")));
        const QVariant res = v.browser()->document()->resource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("threadline-image:%1").arg(m_ids.image)));
        QCOMPARE(res.value<QImage>().size(), QSize(64, 40));
        QVERIFY(!play->isVisibleTo(&v.panel));

        v.state.setItem(m_ids.audio);
        QVERIFY(v.text().contains(QStringLiteral("audio/wav")));
        QVERIFY(play->isVisibleTo(&v.panel));
        QCOMPARE(v.panel.findChild<QSlider *>()->maximum(), 180'000); // the recording's 3 min in ms
    }

    void nothingOrAMissingItemClearsThePanel()
    {
        View v(m_ws.get());
        v.state.setItem(m_ids.tool);
        QVERIFY(v.note()->isEnabled());
        for (qint64 id : {qint64(0), qint64(987'654'321), qint64(-5)}) {
            v.state.setItem(m_ids.tool);
            v.state.setItem(id);
            QCOMPARE(v.panel.details().id, 0);
            QVERIFY(v.text().startsWith(QStringLiteral("Select a step")));
            QVERIFY(!v.text().contains(QStringLiteral("refund")));
            QVERIFY(!v.note()->isEnabled()); // a note needs an item to stick to
        }
    }

    void noteIsSavedAndReadBack()
    {
        View v(m_ws.get());
        v.state.setItem(m_ids.email);
        const QString target = AnnotationStore::itemTarget(*m_ws, m_ids.email);
        QTest::keyClicks(v.note(), QStringLiteral("   "));
        QTest::keyClick(v.note(), Qt::Key_Return);
        QCOMPARE(AnnotationStore::list(*m_ws, QStringLiteral("item"), target).size(), size_t(0));

        const QString note = QStringLiteral("customer <b>confirmed</b> the bounce");
        v.note()->clear();
        QTest::keyClicks(v.note(), note);
        QTest::keyClick(v.note(), Qt::Key_Return);
        const auto notes = AnnotationStore::list(*m_ws, QStringLiteral("item"), target);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes[0].note, note);
        QCOMPARE(v.note()->text(), QString());
        QVERIFY(v.text().contains(note));

        // Another engineer opening the file read-only sees it, and cannot write.
        auto readOnly = Workspace::open(m_ws->path(), Workspace::Access::ReadOnly);
        View other(readOnly.get());
        other.state.setItem(m_ids.email);
        QVERIFY(other.text().contains(note));
        QVERIFY(!other.note()->isEnabled());
    }

    void markupIsShownAsText()
    {
        Item it = named("<h1>Big</h1>");
        it.actor = "<i>agent</i>";
        it.modelRequested = "<s>gpt</s>";
        it.detailJson = R"({"input_messages":[{"role":"<u>user</u>","content":"<b>bold</b> &amp; <br>"}],)"
                        R"("documents":[{"id":"<em>d</em>","content":"<table><tr><td>x</td></tr></table>"}],)"
                        R"("tool":{"name":"<font color=red>t</font>","arguments":{"q":"<img src='x'>"}}})";
        it.attrsJson = R"({"k":"<a href='item:1'>click</a><script>alert(1)</script>"})";
        const qint64 id = addItem(it);
        View v(m_ws.get());
        v.state.setItem(id);
        const QString t = v.text();
        for (const char *literal : {"<h1>Big</h1>", "<i>agent</i>", "<s>gpt</s>", "<u>user</u>",
                 "<b>bold</b> &amp; <br>", "<em>d</em>", "<table><tr><td>x</td></tr></table>",
                 "Tool <font color=red>t</font>", "<a href='item:1'>click</a><script>alert(1)</script>"})
            QVERIFY2(t.contains(QString::fromUtf8(literal)), literal);
        // Nothing the item said became a link or an image in the document.
        QVERIFY(!v.panel.html().contains(QStringLiteral("<a ")));
        QVERIFY(!v.panel.html().contains(QStringLiteral("<img")));
    }

    void joinedItemNameIsShownVerbatim()
    {
        // QString::arg chained over text already substituted would fill a name's "%5" or "%7"
        // with the weight or the evidence.
        const qint64 from = addItem(named("planner"));
        const qint64 to = addItem(named("refund 10%5 off, code %7"));
        m_ws->db().exec("INSERT INTO edges(from_item, to_item, rule, weight, evidence) VALUES(" + std::to_string(from)
            + ", " + std::to_string(to) + ", 'rare_values_time', 0.5, 'same account')");
        View v(m_ws.get());
        v.state.setItem(from);
        QVERIFY2(v.text().contains(QStringLiteral("refund 10%5 off, code %7")), qPrintable(v.text()));
        QVERIFY(v.text().contains(QStringLiteral("weight 0.50 — same account")));
    }

    void brokenJsonIsSurvived_data()
    {
        QTest::addColumn<QByteArray>("detail");
        QTest::addColumn<QByteArray>("attrs");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray(R"({"input_messages":[{"role":"user","content":"hi")")
                                   << QByteArray(R"({"a":)") << QString();
        QTest::newRow("wrong types") << QByteArray(R"({"input_messages":"x","documents":{"id":1},"tool":"refund",)"
                                                   R"("prompt":[1],"handoff":5,"email":null})")
                                     << QByteArray("[1,2,3]") << QString();
        QTest::newRow("wrong inner types")
            << QByteArray(R"({"input_messages":[1,null,"s",{"role":7,"content":{"a":1}},)"
                          R"({"role":"user","content":"still shown"}],"documents":[null,{"id":{"x":1},"score":"hi"}],)"
                          R"("tool":{"name":3,"arguments":null,"result":[{"deep":true}]},"prompt":{"version":3}})")
            << QByteArray(R"("just a string")") << QStringLiteral("still shown");
        QTest::newRow("deep nesting") << QByteArray(200'000, '[') << QByteArray(20'000, '{') << QString();
        QTest::newRow("binary") << QByteArray("\x00\xff{\"tool\":", 9) << QByteArray("\xfe\xff\x00", 3) << QString();
    }

    void brokenJsonIsSurvived()
    {
        QFETCH(QByteArray, detail);
        QFETCH(QByteArray, attrs);
        QFETCH(QString, expected);
        const qint64 id = addItem(named("hostile json"));
        setColumn(id, "detail", detail.toStdString());
        setColumn(id, "attrs", attrs.toStdString());
        View v(m_ws.get());
        v.state.setItem(id);
        QCOMPARE(v.panel.details().id, id);
        QVERIFY(v.text().startsWith(QStringLiteral("● hostile json")));
        QVERIFY(v.text().contains(expected));
    }

    void hugeAndInvalidTextIsShown()
    {
        const qint64 id = addItem(named("caf\xc3\xa9 \xff\xfe bytes"));
        // One unbroken 5 MB word (an inline base64 image): the worst case for text layout.
        std::string huge(5 * 1024 * 1024, 'x');
        huge.replace(0, 5, "start");
        setColumn(id, "text", huge);
        View v(m_ws.get());
        v.state.setItem(id);
        v.panel.grab(); // the layout a paint needs, not just the parse
        QCOMPARE(v.panel.details().text.size(), qsizetype(huge.size()));
        const QString t = v.text();
        QVERIFY(t.startsWith(QStringLiteral("● café \uFFFD\uFFFD bytes")));
        QVERIFY(t.contains(QStringLiteral("startxxx")));
        QVERIFY(t.contains(QStringLiteral("more characters not shown")));
        QVERIFY(t.size() < 1'000'000);
    }
};

QTEST_MAIN(TstDetailsPanel)
#include "tst_detailspanel.moc"
