// Finding the conversation a complaint is about, by person, time and quote, on the demo case.
#include "ComplaintFinder.h"
#include "Correlator.h"
#include "TestUtils.h"
#include "TimestampParser.h"
#include "Workspace.h"

#include <QtTest>

using namespace TestUtils;

class TstComplaintFinder : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;

private slots:
    void initTestCase()
    {
        m_ws = newWorkspace(m_dir);
        import(*m_ws, {demoDir()});
        Correlator(*m_ws).run();
    }

    void byPhoneThroughIdentity()
    {
        ComplaintFinder::Query q;
        q.user = "+1 (415) 555-0142";
        const auto hits = ComplaintFinder::find(*m_ws, q);
        QCOMPARE(hits.size(), size_t(1));
        QCOMPARE(hits[0].key, std::string("conversation:conv_8f2a61"));
        QVERIFY(!hits[0].reasons.empty());
    }

    void byEmailOnlyTheirs()
    {
        ComplaintFinder::Query q;
        q.user = "Mia.Chen@example.com";
        const auto hits = ComplaintFinder::find(*m_ws, q);
        QCOMPARE(hits.size(), size_t(1));
        QCOMPARE(hits[0].key, std::string("conversation:conv_1c77d0"));
    }

    void byQuote()
    {
        ComplaintFinder::Query q;
        q.quote = "I was charged twice this month";
        const auto hits = ComplaintFinder::find(*m_ws, q);
        QVERIFY(!hits.empty());
        QCOMPARE(hits[0].key, std::string("conversation:conv_8f2a61"));
        QVERIFY(QString::fromStdString(hits[0].reasons[0]).startsWith("quote"));
    }

    void aroundTimeRanksNearestAndWindowExcludes()
    {
        ComplaintFinder::Query q;
        q.aroundNs = *TimestampParser::parseText("2026-11-20T14:35:00Z");
        q.windowNs = 20LL * 60 * 1000000000LL;
        const auto hits = ComplaintFinder::find(*m_ws, q);
        QVERIFY(!hits.empty());
        QCOMPARE(hits[0].key, std::string("conversation:conv_a93e44"));
        for (const auto &h : hits)
            QVERIFY(h.key != "conversation:conv_1c77d0"); // 13:41, outside 20 minutes
    }

    void userAndTimeTogether()
    {
        ComplaintFinder::Query q;
        q.user = "usr_4821";
        q.aroundNs = *TimestampParser::parseText("2026-11-20T18:00:00Z");
        q.windowNs = 3600LL * 1000000000LL;
        QVERIFY(ComplaintFinder::find(*m_ws, q).empty()); // the call was four hours earlier
    }
};

QTEST_GUILESS_MAIN(TstComplaintFinder)
#include "tst_complaintfinder.moc"
