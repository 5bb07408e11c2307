// AttributeSet: an OTLP span's attributes read straight from simdjson must mean and write
// exactly what the nlohmann object OtlpSimdJson::takeKeyValues builds from them, since the
// stored attrs and every key SemanticMapper derives depend on it. (The JSON below is in plain
// string literals: moc's tokenizer lost track of this file's raw strings and found no class.)
#include "AttributeSet.h"
#include "JsonText.h"
#include "OtlpSimdJson.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <random>

using nlohmann::json;

namespace {

// The reference: what the OTLP importer built before AttributeSet, and still builds for
// events and links.
json viaTakeKeyValues(simdjson::dom::element list)
{
    json out = json::object();
    OtlpSimdJson::takeKeyValues(list, out);
    return out;
}

std::string writtenBy(const AttributeSet &set)
{
    std::string out;
    set.appendJson(out);
    return out;
}

} // namespace

class TstAttributeSet : public QObject
{
    Q_OBJECT

private slots:
    void writesWhatTakeKeyValuesBuilds_data()
    {
        QTest::addColumn<QByteArray>("list");
        QTest::newRow("strings, unsorted") << QByteArray(
            "[{\"key\":\"b\",\"value\":{\"stringValue\":\"2\"}},{\"key\":\"a\",\"value\":{\"stringValue\":\"1\"}}]");
        QTest::newRow("every AnyValue") << QByteArray(
            "[{\"key\":\"s\",\"value\":{\"stringValue\":\"x \\\"q\\\" \\\\ \\n\"}},"
            "{\"key\":\"i\",\"value\":{\"intValue\":\"812\"}},"
            "{\"key\":\"n\",\"value\":{\"intValue\":7}},{\"key\":\"d\",\"value\":{\"doubleValue\":0.2}},"
            "{\"key\":\"t\",\"value\":{\"boolValue\":true}},{\"key\":\"y\",\"value\":{\"bytesValue\":\"AAE=\"}},"
            "{\"key\":\"arr\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":\"1\"}]}}},"
            "{\"key\":\"kv\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"z\",\"value\":{\"stringValue\":"
            "\"deep\"}}]}}}]");
        QTest::newRow("repeated key: the last wins") << QByteArray(
            "[{\"key\":\"k\",\"value\":{\"stringValue\":\"first\"}},{\"key\":\"j\",\"value\":{\"intValue\":\"1\"}},"
            "{\"key\":\"k\",\"value\":{\"intValue\":\"2\"}},{\"key\":\"k\",\"value\":{\"stringValue\":\"last\"}}]");
        QTest::newRow("null, absent and empty values are kept as null")
            << QByteArray("[{\"key\":\"a\",\"value\":null},{\"key\":\"b\"},{\"key\":\"c\",\"value\":{}},{\"key\":\"d\","
                          "\"value\":{\"stringValue\":\"x\"}}]");
        QTest::newRow("damaged entries are skipped")
            << QByteArray("[1,\"x\",{\"value\":{\"stringValue\":\"no "
                          "key\"}},{\"key\":5,\"value\":{}},{\"key\":\"ok\",\"value\":{\"stringValue\":\"y\"}}]");
        QTest::newRow("repeated members inside an entry: the first counts") << QByteArray(
            "[{\"key\":\"a\",\"key\":\"b\",\"value\":{\"stringValue\":\"1\"},\"value\":{\"stringValue\":\"2\"}}]");
        QTest::newRow("stringValue not first, or not a string") << QByteArray(
            "[{\"key\":\"a\",\"value\":{\"intValue\":\"3\",\"stringValue\":\"x\"}},{\"key\":\"b\",\"value\":{"
            "\"stringValue\":5}},"
            "{\"key\":\"c\",\"value\":{\"other\":1,\"stringValue\":\"s\"}},{\"key\":\"d\",\"value\":\"plain\"}]");
        QTest::newRow("plain map") << QByteArray("{\"z\":\"1\",\"a\":{\"stringValue\":\"2\"},\"m\":3,\"n\":null}");
        QTest::newRow("unicode keys sort by bytes") << QByteArray(
            "[{\"key\":\"é\",\"value\":{\"stringValue\":\"1\"}},{\"key\":\"z\",\"value\":{\"stringValue\":\"2\"}},"
            "{\"key\":\"Z\",\"value\":{\"stringValue\":\"3\"}},{\"key\":\"\",\"value\":{\"stringValue\":\"4\"}}]");
        QTest::newRow("empty list") << QByteArray("[]");
        QTest::newRow("not a list") << QByteArray("\"attributes\"");
    }

    void writesWhatTakeKeyValuesBuilds()
    {
        QFETCH(QByteArray, list);
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        QVERIFY(!parser.parse(list.constData(), size_t(list.size())).get(doc));
        const json expected = viaTakeKeyValues(doc);
        AttributeSet set;
        set.assignOtlp(doc);
        QCOMPARE(QByteArray::fromStdString(writtenBy(set)), QByteArray::fromStdString(JsonText::dump(expected)));
        // Entry by entry: the same keys in the same order, the same values, null where null.
        QCOMPARE(set.size(), expected.size());
        size_t i = 0;
        for (auto it = expected.begin(); it != expected.end(); ++it, ++i) {
            QCOMPARE(QString::fromStdString(std::string(set.key(i))), QString::fromStdString(it.key()));
            QCOMPARE(set.value(i), *it);
            QCOMPARE(set.isNull(i), it->is_null());
            const json *found = set.get(it.key());
            if (it->is_null())
                QVERIFY(!found);
            else
                QVERIFY(found && *found == *it);
        }
    }

    void randomListsMatchTakeKeyValues()
    {
        // Many keys (the index grows past its first size), repeats, and every value shape.
        std::mt19937 rng(20261128);
        const char *values[] = {"{\"stringValue\":\"v\"}", "{\"stringValue\":\"conv_12\"}", "{\"intValue\":\"42\"}",
            "{\"doubleValue\":1.5}", "{\"boolValue\":false}", "null", "{}", "\"bare\"",
            "{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"}]}}"};
        for (int round = 0; round < 300; ++round) {
            std::string list = "[";
            const int n = int(rng() % 70);
            for (int k = 0; k < n; ++k) {
                if (k)
                    list += ',';
                list += "{\"key\":\"gen_ai.k" + std::to_string(rng() % 40) + "\",\"value\":" + values[rng() % 9] + "}";
            }
            list += ']';
            simdjson::dom::parser parser;
            simdjson::dom::element doc;
            QVERIFY(!parser.parse(list).get(doc));
            AttributeSet set;
            set.assignOtlp(doc);
            const json expected = viaTakeKeyValues(doc);
            QCOMPARE(QByteArray::fromStdString(writtenBy(set)), QByteArray::fromStdString(JsonText::dump(expected)));
            for (int probe = 0; probe < 40; ++probe) {
                const std::string key = "gen_ai.k" + std::to_string(probe);
                const auto it = expected.find(key);
                const json *found = set.get(key);
                QCOMPARE(found != nullptr, it != expected.end() && !it->is_null());
                if (found)
                    QCOMPARE(*found, *it);
            }
        }
    }

    void madeValuesKeepTheirAddress()
    {
        // SemanticMapper remembers which attribute it parsed by address, then finds it again in
        // its identifier walk: a value made on lookup must stay where it was made.
        simdjson::dom::parser parser;
        simdjson::dom::element doc;
        const std::string list
            = "[{\"key\":\"a\",\"value\":{\"stringValue\":\"1\"}},{\"key\":\"b\",\"value\":{\"intValue\":\"2\"}},"
              "{\"key\":\"c\",\"value\":{\"stringValue\":\"3\"}}]";
        QVERIFY(!parser.parse(list).get(doc));
        AttributeSet set;
        set.assignOtlp(doc);
        QVERIFY(set.isText(0));
        QVERIFY(!set.valueIfMade(0)); // not made until asked for
        const json *a = set.get("a");
        QVERIFY(a && *a == "1");
        QCOMPARE(set.valueIfMade(0), a);
        const json *c = set.get("c");
        QCOMPARE(set.get("a"), a);
        QCOMPARE(&set.value(0), a);
        QCOMPARE(&set.value(2), c);
        QCOMPARE(set.text(2), std::string_view("3"));
        QVERIFY(!set.isText(1));
        QVERIFY(!set.get("missing"));
    }

    void overAnNlohmannObject()
    {
        const json attrs = {{"llm.input_messages.0.message.role", "user"}, {"llm.input_messages.1.message.role", "x"},
            {"llm.model_name", "gpt"}, {"empty", nullptr}, {"n", 3}};
        const AttributeSet set(attrs);
        QCOMPARE(set.size(), attrs.size());
        QCOMPARE(set.get("llm.model_name"), &attrs["llm.model_name"]); // points into the object
        QVERIFY(!set.get("empty"));
        QVERIFY(set.isNull(0));
        QCOMPARE(QByteArray::fromStdString(writtenBy(set)), QByteArray::fromStdString(JsonText::dump(attrs)));
        // The keys with a prefix are one run from lowerBound.
        const size_t first = set.lowerBound("llm.input_messages.");
        QCOMPARE(set.key(first), std::string_view("llm.input_messages.0.message.role"));
        QCOMPARE(set.key(first + 1), std::string_view("llm.input_messages.1.message.role"));
        QCOMPARE(set.lowerBound("zzz"), set.size());
        const AttributeSet none(json::array());
        QVERIFY(none.empty());
        QCOMPARE(QByteArray::fromStdString(writtenBy(none)), QByteArray("{}"));
    }
};

QTEST_GUILESS_MAIN(TstAttributeSet)
#include "tst_attributeset.moc"
