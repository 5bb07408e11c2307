#include "Redactor.h"

#include "SqliteDatabase.h"
#include "WorkspaceSharer.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <stdexcept>

namespace {

QString digitsOnly(const QString &s)
{
    QString out;
    for (QChar c : s)
        if (c.isDigit())
            out += c;
    return out;
}

QString lowerCase(const QString &s)
{
    return s.toLower();
}

QString compactUpper(const QString &s)
{
    QString out;
    for (QChar c : s)
        if (!c.isSpace())
            out += c.toUpper();
    return out;
}

bool luhn(const QString &value)
{
    const QString d = digitsOnly(value);
    if (d.size() < 13 || d.size() > 19)
        return false;
    int sum = 0;
    bool twice = false;
    for (qsizetype i = d.size() - 1; i >= 0; --i) {
        int v = d.at(i).digitValue();
        if (twice) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
        twice = !twice;
    }
    return sum % 10 == 0;
}

bool ibanChecksum(const QString &value)
{
    const QString iban = compactUpper(value);
    if (iban.size() < 15 || iban.size() > 34)
        return false;
    const QString moved = iban.mid(4) + iban.left(4);
    int remainder = 0;
    for (QChar c : moved) {
        int v;
        if (c.isDigit())
            v = c.digitValue();
        else if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            v = c.unicode() - 'A' + 10;
        else
            return false;
        remainder = v >= 10 ? (remainder * 100 + v) % 97 : (remainder * 10 + v) % 97;
    }
    return remainder == 1;
}

bool phoneDigits(const QString &value)
{
    const qsizetype n = digitsOnly(value).size();
    return n >= 8 && n <= 15;
}

} // namespace

Redactor::Redactor(const QStringList &userPatterns)
{
    for (const QString &p : userPatterns) {
        QRegularExpression re(p);
        if (!re.isValid())
            throw std::invalid_argument(QStringLiteral("--pattern \"%1\": %2").arg(p, re.errorString()).toStdString());
        m_rules.push_back({QStringLiteral("pattern"), re, 0, nullptr, nullptr});
    }
    const auto add = [this](const char *kind, const char *re, int group, bool (*valid)(const QString &),
                         QString (*normalize)(const QString &)) {
        m_rules.push_back({QLatin1String(kind), QRegularExpression(QLatin1String(re)), group, valid, normalize});
    };
    // Secrets first: a token may contain what looks like a phone number.
    add("bearer", R"((?i:bearer)\s+([A-Za-z0-9\-._~+/]{8,}=*))", 1, nullptr, nullptr);
    add("api_key",
        R"((?<![A-Za-z0-9])(?:sk-[A-Za-z0-9_\-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9\-]{10,})(?![A-Za-z0-9]))",
        0, nullptr, nullptr);
    // The last label is not a file extension and "_" may separate an email from what precedes
    // it: "+14155550134_alice@example.com.wav" names alice@example.com.
    add("email",
        R"((?<![A-Za-z0-9.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?!(?:wav|mp3|m4a|ogg|flac|png|jpe?g|gif|webp|json|jsonl|ndjson|log|txt|csv|pdf|gz|zip|eml)(?![A-Za-z0-9]))[A-Za-z]{2,}(?![A-Za-z0-9]))",
        0, nullptr, lowerCase);
    add("iban", R"((?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9]))", 0,
        ibanChecksum, compactUpper);
    // Cards start with 2-6 (so epoch milli/nanoseconds, which start with 1, are never cards).
    add("card", R"((?<![\w.])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\w.]))", 0, luhn, digitsOnly);
    add("phone", R"((?<![\d+])\+\d{1,3}(?:[ .\-]?\(?\d{1,4}\)?){2,5}(?!\d))", 0, phoneDigits, digitsOnly);
    add("phone", R"((?<![\d+(])(?:\(\d{3}\)\s?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?!\d))", 0, phoneDigits, digitsOnly);
}

QString Redactor::placeholder(const Rule &rule, const QString &value)
{
    const QString normalized = rule.normalize ? rule.normalize(value) : value;
    const QString key = rule.kind + QChar(0) + normalized;
    KindCount &count = m_counts[rule.kind];
    ++count.occurrences;
    auto it = m_mapping.find(key);
    if (it != m_mapping.end())
        return it->second;
    ++count.distinctValues;
    const QString p = QStringLiteral("<%1-%2>").arg(rule.kind).arg(count.distinctValues);
    m_mapping.emplace(key, p);
    return p;
}

QString Redactor::redact(const QString &text)
{
    if (text.isEmpty())
        return text;
    QString current = text;
    for (const Rule &rule : m_rules) {
        QString out;
        qsizetype last = 0;
        bool changed = false;
        auto it = rule.re.globalMatch(current);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const QString value = m.captured(rule.group);
            if (value.isEmpty() || (rule.valid && !rule.valid(value)))
                continue;
            const qsizetype start = m.capturedStart(rule.group), end = m.capturedEnd(rule.group);
            out += QStringView(current).mid(last, start - last);
            out += placeholder(rule, value);
            last = end;
            changed = true;
        }
        if (changed) {
            out += QStringView(current).mid(last);
            current = out;
        }
    }
    return current;
}

std::string Redactor::redact(const std::string &text)
{
    if (text.empty())
        return text;
    return redact(QString::fromStdString(text)).toStdString();
}

void Redactor::redactWorkspace(SqliteDatabase &db)
{
    WorkspaceSharer::rewriteText(db, [this](const std::string &s) { return redact(s); });
}

int Redactor::totalOccurrences() const
{
    int n = 0;
    for (const auto &[kind, c] : m_counts)
        n += c.occurrences;
    return n;
}

QString Redactor::reportText() const
{
    if (m_counts.empty())
        return QStringLiteral("nothing needed redacting\n");
    QString out;
    for (const auto &[kind, c] : m_counts)
        out += QStringLiteral("%1: %2 replacement(s) of %3 distinct value(s)\n")
                   .arg(kind)
                   .arg(c.occurrences)
                   .arg(c.distinctValues);
    return out;
}

QString Redactor::reportJson() const
{
    QJsonObject o;
    for (const auto &[kind, c] : m_counts)
        o.insert(kind,
            QJsonObject {
                {QStringLiteral("replacements"), c.occurrences}, {QStringLiteral("values"), c.distinctValues}});
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
