#include "HandoffMatcher.h"

#include <QtTest>

#include <limits>

// The Correlator turns every handoff left out of match() into a broken_handoff finding and every
// match into a suggested continuation edge, so which pairs match, the candidate index (into the
// caller's vector, not a sorted copy) and the confidence are what these tests pin.
class TstHandoffMatcher : public QObject
{
    Q_OBJECT
    using HM = HandoffMatcher;
    static constexpr int64_t kS = 1'000'000'000LL;
    static constexpr int64_t kT0 = 1'767'261'600LL * kS; // 2026-01-01T10:00:00Z
    static constexpr int64_t kWindow = 600 * kS; // the Correlator's default

    static HM::Handoff handoff(const std::string &target, uint32_t trace, int64_t start, int64_t end)
    {
        HM::Handoff h;
        h.target = target;
        h.traceId = trace;
        h.startNs = start;
        h.endNs = end;
        return h;
    }
    static HM::Candidate candidate(std::vector<std::string> agents, uint32_t trace, int64_t start)
    {
        HM::Candidate c;
        c.agents = std::move(agents);
        c.traceId = trace;
        c.startNs = start;
        return c;
    }

private slots:
    void normalizeAgent_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("display name") << "Billing Agent"
                                      << "billing";
        QTest::newRow("snake case") << "billing_agent"
                                    << "billing";
        QTest::newRow("tool name") << "transfer_to_billing"
                                   << "billing";
        QTest::newRow("tool name with suffix") << "Transfer-To-Billing-Agent"
                                               << "billing";
        QTest::newRow("handoff tool") << "handoff_to_refunds"
                                      << "refunds";
        QTest::newRow("invoke_agent span") << "invoke_agent weather"
                                           << "weather";
        // A name that is only "agent" must not vanish into an unnamed target.
        QTest::newRow("just agent") << "Agent"
                                    << "agent";
        QTest::newRow("prefix only") << "transfer_to"
                                     << "";
        QTest::newRow("empty") << ""
                               << "";
    }
    void normalizeAgent()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(HM::normalizeAgent(name.toStdString())), expected);
    }

    void matchesTheTargetAgentByInputIndex()
    {
        const std::vector<HM::Handoff> hs {handoff("billing", 1, kT0, kT0 + kS)};
        const std::vector<HM::Candidate> cs {
            candidate({"support"}, 3, kT0 + 3 * kS), candidate({"billing"}, 2, kT0 + 5 * kS),
            candidate({"billing"}, 1, kT0 + 2 * kS), // the handoff's own trace is not a continuation
        };
        const auto out = HM::match(hs, cs, kWindow);
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out[0].handoff, 0);
        QCOMPARE(out[0].candidate, 1);
        QCOMPARE(out[0].gapNs, 4 * kS); // measured from the handoff's end
        QVERIFY(!out[0].sameConversation && !out[0].samePerson);
        QCOMPARE(out[0].confidence, 0.58); // 2 (name) + 1.5·e^(-5/30), no runner-up
    }

    void windowBounds_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<bool>("matched");
        QTest::newRow("2 s early (skew)") << qint64(-2 * kS) << true;
        QTest::newRow("just over 2 s early") << qint64(-2 * kS - 1) << false;
        QTest::newRow("window end") << qint64(kWindow) << true;
        QTest::newRow("past window") << qint64(kWindow + 1) << false;
    }
    void windowBounds()
    {
        QFETCH(qint64, offset);
        QFETCH(bool, matched);
        const auto out
            = HM::match({handoff("billing", 1, kT0, kT0)}, {candidate({"billing"}, 2, kT0 + offset)}, kWindow);
        QCOMPARE(out.size(), size_t(matched ? 1 : 0));
    }

    void nameRules_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("agents");
        QTest::addColumn<bool>("matched");
        QTest::newRow("exact") << "billing" << QStringList {"support", "billing"} << true;
        QTest::newRow("contains") << "billing" << QStringList {"billingsupport"} << true;
        QTest::newRow("contained") << "billingsupport" << QStringList {"billing"} << true;
        // Short names match too much by substring ("qa" is in "aqua").
        QTest::newRow("short substring") << "qa" << QStringList {"qaops"} << false;
        QTest::newRow("other agent") << "billing" << QStringList {"refunds"} << false;
        QTest::newRow("unnamed target, any agent") << "" << QStringList {"refunds"} << true;
        QTest::newRow("unnamed target, no agent") << "" << QStringList {} << false;
    }
    void nameRules()
    {
        QFETCH(QString, target);
        QFETCH(QStringList, agents);
        QFETCH(bool, matched);
        std::vector<std::string> names;
        for (const QString &a : agents)
            names.push_back(a.toStdString());
        const auto out = HM::match({handoff(target.toStdString(), 1, kT0, kT0)}, {candidate(names, 2, kT0)}, kWindow);
        QCOMPARE(out.size(), size_t(matched ? 1 : 0));
    }

    void sharedIds_data()
    {
        QTest::addColumn<QList<uint>>("handoffKeys");
        QTest::addColumn<QList<uint>>("candidateKeys");
        QTest::addColumn<bool>("matched");
        QTest::addColumn<bool>("shared");
        QTest::newRow("both unknown") << QList<uint> {} << QList<uint> {} << true << false;
        QTest::newRow("one side unknown") << QList<uint> {4} << QList<uint> {} << true << false;
        QTest::newRow("overlap") << QList<uint> {2, 7, 9} << QList<uint> {1, 9} << true << true;
        QTest::newRow("disjoint") << QList<uint> {2, 7} << QList<uint> {3, 8} << false << false;
    }
    void sharedIds()
    {
        QFETCH(QList<uint>, handoffKeys);
        QFETCH(QList<uint>, candidateKeys);
        QFETCH(bool, matched);
        QFETCH(bool, shared);
        const std::vector<uint32_t> hk(handoffKeys.begin(), handoffKeys.end());
        const std::vector<uint32_t> ck(candidateKeys.begin(), candidateKeys.end());
        // The same rule holds for conversation ids and for users; check each on its own.
        for (const bool persons : {false, true}) {
            HM::Handoff h = handoff("billing", 1, kT0, kT0);
            HM::Candidate c = candidate({"billing"}, 2, kT0 + kS);
            (persons ? h.persons : h.conversationKeys) = hk;
            (persons ? c.persons : c.conversationKeys) = ck;
            const auto out = HM::match({h}, {c}, kWindow);
            QCOMPARE(out.size(), size_t(matched ? 1 : 0));
            if (matched) {
                QCOMPARE(out[0].sameConversation, shared && !persons);
                QCOMPARE(out[0].samePerson, shared && persons);
            }
        }
    }

    void sharedConversationOutweighsAnEarlierStart()
    {
        HM::Candidate later = candidate({"billing"}, 2, kT0 + 20 * kS);
        later.conversationKeys = {5};
        const std::vector<HM::Candidate> cs {candidate({"billing"}, 3, kT0 + 2 * kS), later};
        HM::Handoff h = handoff("billing", 1, kT0, kT0);
        h.conversationKeys = {5};
        const auto out = HM::match({h}, cs, kWindow);
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out[0].candidate, 1);
        QVERIFY(out[0].sameConversation);
    }

    void fullEvidenceScoresTheMaximum()
    {
        HM::Handoff h = handoff("billing", 1, kT0, kT0);
        h.conversationKeys = {5};
        h.persons = {8};
        HM::Candidate c = candidate({"billing"}, 2, kT0);
        c.conversationKeys = {5};
        c.persons = {8};
        c.rootless = true;
        const auto out = HM::match({h}, {c}, kWindow);
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out[0].score, 7.0);
        QCOMPARE(out[0].confidence, 0.95);
    }

    void closeRunnerUpLowersConfidence()
    {
        const HM::Handoff h = handoff("billing", 1, kT0, kT0);
        const auto alone = HM::match({h}, {candidate({"billing"}, 2, kT0 + kS)}, kWindow);
        const auto contested
            = HM::match({h}, {candidate({"billing"}, 2, kT0 + kS), candidate({"billing"}, 3, kT0 + kS)}, kWindow);
        QCOMPARE(alone.size(), size_t(1));
        QCOMPARE(contested.size(), size_t(1));
        QCOMPARE(contested[0].score, alone[0].score);
        QVERIFY2(contested[0].confidence < alone[0].confidence,
            qPrintable(QStringLiteral("%1 vs %2").arg(contested[0].confidence).arg(alone[0].confidence)));
    }

    void eachTraceContinuesOneHandoff()
    {
        // Equal scores: the handoff that ended closest before the trace starts takes it; the
        // other one stays unmatched, which the Correlator reports as broken.
        const std::vector<HM::Handoff> hs {
            handoff("billing", 1, kT0, kT0 + 2 * kS), handoff("billing", 2, kT0, kT0 + 10 * kS)};
        const std::vector<HM::Candidate> one {candidate({"billing"}, 9, kT0 + 12 * kS)};
        auto out = HM::match(hs, one, kWindow);
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(out[0].handoff, 1);
        QCOMPARE(out[0].gapNs, 2 * kS);

        const std::vector<HM::Candidate> two {one[0], candidate({"billing"}, 8, kT0 + 13 * kS)};
        out = HM::match(hs, two, kWindow);
        QCOMPARE(out.size(), size_t(2));
        QVERIFY(out[0].handoff != out[1].handoff);
        QVERIFY(out[0].candidate != out[1].candidate);
    }

    void unknownTraceIsNotTheSameTrace()
    {
        // Trace id 0 means "no trace": a log-only handoff may continue in a log-only trace.
        QCOMPARE(HM::match({handoff("billing", 0, kT0, kT0)}, {candidate({"billing"}, 0, kT0 + kS)}, kWindow).size(),
            size_t(1));
        QVERIFY(HM::match({}, {candidate({"billing"}, 2, kT0)}, kWindow).empty());
        QVERIFY(HM::match({handoff("billing", 1, kT0, kT0)}, {}, kWindow).empty());
    }

    void int64Extremes()
    {
        constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
        constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
        // An unbounded window must reach every later trace instead of wrapping around.
        QCOMPARE(
            HM::match({handoff("billing", 1, kT0, kT0)}, {candidate({"billing"}, 2, kT0 + 3600 * kS)}, kMax).size(),
            size_t(1));
        // Times at the ends of the range: the window edges must not wrap either.
        QCOMPARE(
            HM::match({handoff("billing", 1, kMin + kS, kMin + kS)}, {candidate({"billing"}, 2, kMin)}, kWindow).size(),
            size_t(1));
        QCOMPARE(
            HM::match({handoff("billing", 1, kMax - kS, kMax - kS)}, {candidate({"billing"}, 2, kMax)}, kWindow).size(),
            size_t(1));
    }
};

QTEST_GUILESS_MAIN(TstHandoffMatcher)
#include "tst_handoffmatcher.moc"
