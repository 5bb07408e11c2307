#include "DetailsPanel.h"

#include "AnnotationStore.h"
#include "ConversationListModel.h"
#include "KindStyle.h"
#include "SelectionState.h"
#include "TextCut.h"
#include "TimelineAxis.h"
#include "TimelineData.h"
#include "Workspace.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QTextBrowser>
#include <QVBoxLayout>

#ifdef THREADLINE_WITH_MULTIMEDIA
#include <QAudioOutput>
#include <QMediaPlayer>
#endif

namespace {
// Past this a value is cut: QTextDocument takes minutes to lay out a multi-megabyte block (an
// inline base64 image, a dumped log), freezing the window, and nobody reads that much here.
constexpr qsizetype kMaxShownChars = 100000;

QString esc(const QString &s)
{
    if (s.size() <= kMaxShownChars)
        return s.toHtmlEscaped();
    const qsizetype n = TextCut::utf16Length(s, kMaxShownChars);
    return s.left(n).toHtmlEscaped()
        + QCoreApplication::translate("DetailsPanel", "\n… (%1 more characters not shown)").arg(s.size() - n);
}

QString pretty(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    if (v.isString()) {
        // Tool arguments often arrive as a JSON string holding JSON.
        const QJsonDocument inner = QJsonDocument::fromJson(v.toString().toUtf8());
        if (inner.isObject() || inner.isArray())
            return QString::fromUtf8(inner.toJson(QJsonDocument::Indented)).trimmed();
        return v.toString();
    }
    return QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString section(const QString &title)
{
    return QStringLiteral("<h3 style='margin-top:12px;margin-bottom:4px'>%1</h3>").arg(title);
}

QString pre(const QString &text)
{
    return QStringLiteral("<pre style='white-space:pre-wrap'>%1</pre>").arg(esc(text));
}

QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    if (content.isArray()) {
        QStringList parts;
        for (const QJsonValue &p : content.toArray()) {
            if (p.isString())
                parts << p.toString();
            else if (p.toObject().contains(QStringLiteral("text")))
                parts << p.toObject().value(QStringLiteral("text")).toString();
            else if (p.toObject().contains(QStringLiteral("content")))
                parts << contentText(p.toObject().value(QStringLiteral("content")));
        }
        return parts.join(QLatin1Char('\n'));
    }
    return content.isUndefined() || content.isNull() ? QString() : pretty(content);
}
} // namespace

DetailsPanel::DetailsPanel(SelectionState *state, QWidget *parent)
    : QWidget(parent)
    , m_state(state)
    , m_browser(new QTextBrowser(this))
    , m_playerBar(new QWidget(this))
    , m_play(new QPushButton(tr("Play"), m_playerBar))
    , m_seek(new QSlider(Qt::Horizontal, m_playerBar))
    , m_playTime(new QLabel(m_playerBar))
    , m_note(new QLineEdit(this))
    , m_addNote(new QPushButton(tr("Add note"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    m_browser->setOpenLinks(false);
    m_browser->setMinimumWidth(260);
    layout->addWidget(m_browser, 1);

    auto *playerLayout = new QHBoxLayout(m_playerBar);
    playerLayout->setContentsMargins(4, 0, 4, 0);
    playerLayout->addWidget(m_play);
    playerLayout->addWidget(m_seek, 1);
    playerLayout->addWidget(m_playTime);
    m_play->setToolTip(tr("Play the recording; the timeline cursor follows the playhead (Space)"));
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
#ifndef THREADLINE_WITH_MULTIMEDIA
    m_play->setEnabled(false);
    m_play->setToolTip(tr("Built without QtMultimedia: audio playback is unavailable"));
#endif
    m_playerBar->hide();
    layout->addWidget(m_playerBar);

    auto *noteRow = new QHBoxLayout;
    noteRow->setContentsMargins(4, 0, 4, 4);
    m_note->setPlaceholderText(tr("Add a note to this item…"));
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_addNote);
    layout->addLayout(noteRow);

    connect(m_addNote, &QPushButton::clicked, this, &DetailsPanel::addNote);
    connect(m_note, &QLineEdit::returnPressed, this, &DetailsPanel::addNote);
    connect(m_play, &QPushButton::clicked, this, &DetailsPanel::togglePlay);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("item"))
            m_state->setItem(url.path().toLongLong());
    });
    connect(state, &SelectionState::itemChanged, this, &DetailsPanel::showItem);
    connect(m_seek, &QSlider::sliderMoved, this, [this](int ms) {
#ifdef THREADLINE_WITH_MULTIMEDIA
        if (m_player)
            m_player->setPosition(ms);
#endif
        onPlayerPosition(ms);
    });
    render();
}

DetailsPanel::~DetailsPanel() = default;

void DetailsPanel::setWorkspace(Workspace *workspace)
{
    m_workspace = workspace;
    showItem(0);
}

QString DetailsPanel::html() const
{
    return m_browser->toHtml();
}

void DetailsPanel::showItem(qint64 itemId)
{
#ifdef THREADLINE_WITH_MULTIMEDIA
    if (m_player) {
        m_player->stop();
        m_player->setSourceDevice(nullptr);
    }
    m_play->setText(tr("Play"));
#endif
    m_details = ItemDetails();
    if (m_workspace && itemId > 0) {
        try {
            m_details = ItemDetails::load(*m_workspace, itemId);
        } catch (const std::exception &e) {
            qWarning("details failed: %s", e.what());
        }
    }
    render();
}

void DetailsPanel::render()
{
    const ItemDetails &d = m_details;
    m_playerBar->setVisible(d.hasMedia && d.mediaMime.startsWith(QLatin1String("audio")));
    m_note->setEnabled(d.id > 0 && m_workspace && !m_workspace->isReadOnly());
    m_addNote->setEnabled(m_note->isEnabled());
    if (d.id == 0) {
        m_browser->setHtml(tr("<p style='color:gray'>Select a step in the timeline or the decision tree to see "
                              "its details.</p>"));
        return;
    }
    const QPalette pal = palette();
    const QString errColor = KindStyle::errorColor(pal).name();
    QString h;
    h += QStringLiteral("<h2 style='margin-bottom:2px'><span style='color:%1'>●</span> %2</h2>")
             .arg(KindStyle::kindColor(d.kind, pal).name(), esc(d.name.isEmpty() ? d.kind : d.name));
    h += QStringLiteral("<div style='color:gray'>%1 · %2 · %3</div>").arg(esc(d.kind), esc(d.source), esc(d.ref));
    for (const ItemDetails::Finding &f : d.findings)
        h += QStringLiteral("<p style='color:%1'><b>%2</b> (%3, %4%): %5</p>")
                 .arg(errColor, esc(QString(f.kind).replace(QLatin1Char('_'), QLatin1Char(' '))), esc(f.severity))
                 .arg(qRound(f.confidence * 100))
                 .arg(esc(f.explanation))
            + (f.relatedItemId > 0 ? QStringLiteral("<p><a href='item:%1'>→ %2</a></p>")
                                         .arg(f.relatedItemId)
                                         .arg(tr("go to the most likely continuation"))
                                   : QString());

    // Attributes table.
    h += section(tr("Attributes"));
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    auto row = [&h](const QString &k, const QString &v) {
        if (!v.isEmpty())
            h += QStringLiteral("<tr><td style='color:gray;padding-right:8px'>%1</td><td>%2</td></tr>")
                     .arg(esc(k), esc(v));
    };
    row(tr("start (UTC)"),
        ConversationListModel::formatTime(d.startNs) + QLatin1Char('.')
            + QStringLiteral("%1").arg((d.startNs / 1000000) % 1000, 3, 10, QLatin1Char('0')));
    row(tr("duration"), d.endNs > d.startNs ? TimelineAxis::formatDuration(d.endNs - d.startNs) : QString());
    row(tr("actor"), d.actor);
    row(tr("status"),
        d.status == 2 ? tr("error") + (d.statusMessage.isEmpty() ? QString() : QStringLiteral(": ") + d.statusMessage)
            : d.status == 1 ? tr("ok")
                            : QString());
    row(tr("source format"), d.format);
    if (d.clockOffsetNs != 0)
        row(tr("source clock offset"), TimelineAxis::formatDuration(d.clockOffsetNs));
    row(tr("trace"), d.traceId);
    row(tr("span"), d.spanId);
    row(tr("parent span"), d.parentSpanId);
    if (d.inputTokens >= 0 || d.outputTokens >= 0)
        row(tr("tokens in / out"), QStringLiteral("%1 / %2").arg(d.inputTokens).arg(d.outputTokens));
    for (const ItemDetails::Key &k : d.keys)
        row(k.kind, k.value + (k.field.isEmpty() ? QString() : QStringLiteral("  (%1)").arg(k.field)));
    h += QStringLiteral("</table>");

    // Model asked vs served, prompt.
    const QJsonObject detail = QJsonDocument::fromJson(d.detailJson.toUtf8()).object();
    if (!d.modelRequested.isEmpty() || !d.modelServed.isEmpty()) {
        h += section(tr("Model"));
        const bool differs
            = !d.modelRequested.isEmpty() && !d.modelServed.isEmpty() && d.modelRequested != d.modelServed;
        h += QStringLiteral("<p>asked <b>%1</b> · served <b%3>%2</b></p>")
                 .arg(esc(d.modelRequested.isEmpty() ? tr("(not recorded)") : d.modelRequested),
                     esc(d.modelServed.isEmpty() ? tr("(not recorded)") : d.modelServed),
                     differs ? QStringLiteral(" style='color:%1'").arg(errColor) : QString());
    }
    const QJsonObject prompt = detail.value(QStringLiteral("prompt")).toObject();
    if (!d.promptName.isEmpty() || !d.promptVersion.isEmpty() || !prompt.isEmpty()) {
        h += section(tr("Prompt"));
        h += QStringLiteral("<p><b>%1</b> version <b>%2</b></p>")
                 .arg(esc(d.promptName.isEmpty() ? prompt.value(QStringLiteral("name")).toString() : d.promptName),
                     esc(d.promptVersion.isEmpty() ? prompt.value(QStringLiteral("version")).toVariant().toString()
                                                   : d.promptVersion));
        if (prompt.contains(QStringLiteral("template")))
            h += pre(contentText(prompt.value(QStringLiteral("template"))));
        if (prompt.contains(QStringLiteral("variables")))
            h += pre(pretty(prompt.value(QStringLiteral("variables"))));
    }
    if (detail.contains(QStringLiteral("system_instructions"))) {
        h += section(tr("System instructions"));
        h += pre(contentText(detail.value(QStringLiteral("system_instructions"))));
    }

    // Chat messages as a conversation.
    QJsonArray messages = detail.value(QStringLiteral("input_messages")).toArray();
    for (const QJsonValue &m : detail.value(QStringLiteral("output_messages")).toArray())
        messages.append(m);
    if (!messages.isEmpty()) {
        h += section(tr("Messages"));
        h += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='5'>");
        for (const QJsonValue &mv : messages) {
            const QJsonObject m = mv.toObject();
            const QString role = m.value(QStringLiteral("role")).toString();
            const bool user = role == QLatin1String("user");
            const QString bg = KindStyle::isDark(pal) ? (user ? QStringLiteral("#1e3a5f") : QStringLiteral("#333"))
                                                      : (user ? QStringLiteral("#e3f2fd") : QStringLiteral("#f1f1f1"));
            QString body = esc(contentText(m.value(QStringLiteral("content"))))
                               .replace(QLatin1Char('\n'), QStringLiteral("<br>"));
            for (const QJsonValue &tc : m.value(QStringLiteral("tool_calls")).toArray()) {
                const QJsonObject call = tc.toObject();
                body += QStringLiteral("<br><i>calls %1</i><pre>%2</pre>")
                            .arg(esc(call.value(QStringLiteral("name")).toString()),
                                esc(pretty(call.value(QStringLiteral("arguments")))));
            }
            h += QStringLiteral("<tr><td align='%1'><div style='background:%2'><b>%3</b><br>%4</div></td></tr>")
                     .arg(user ? QStringLiteral("right") : QStringLiteral("left"), bg, esc(role), body);
        }
        h += QStringLiteral("</table>");
    }

    // Retrieved documents.
    const QJsonArray docs = detail.value(QStringLiteral("documents")).toArray();
    if (!docs.isEmpty()) {
        h += section(tr("Retrieved documents"));
        h += QStringLiteral("<table cellspacing='0' cellpadding='3'>");
        for (const QJsonValue &dv : docs) {
            const QJsonObject doc = dv.toObject();
            h += QStringLiteral(
                "<tr><td><b>%1</b></td><td>%2</td></tr><tr><td colspan='2' style='color:gray'>%3</td></tr>")
                     .arg(esc(doc.value(QStringLiteral("id")).toVariant().toString()),
                         doc.contains(QStringLiteral("score"))
                             ? tr("score %1").arg(doc.value(QStringLiteral("score")).toDouble(), 0, 'f', 3)
                             : QString(),
                         esc(contentText(doc.value(QStringLiteral("content"))).left(400)));
        }
        h += QStringLiteral("</table>");
    }

    // Tool call.
    const QJsonObject tool = detail.value(QStringLiteral("tool")).toObject();
    if (!tool.isEmpty()) {
        h += section(tr("Tool %1").arg(esc(tool.value(QStringLiteral("name")).toString())));
        if (tool.contains(QStringLiteral("call_id")))
            h += QStringLiteral("<p style='color:gray'>call id %1</p>")
                     .arg(esc(tool.value(QStringLiteral("call_id")).toString()));
        h += QStringLiteral("<b>%1</b>").arg(tr("Arguments")) + pre(pretty(tool.value(QStringLiteral("arguments"))));
        if (tool.contains(QStringLiteral("result")))
            h += QStringLiteral("<b>%1</b>").arg(tr("Result")) + pre(pretty(tool.value(QStringLiteral("result"))));
    }
    const QJsonObject handoff = detail.value(QStringLiteral("handoff")).toObject();
    if (!handoff.isEmpty()) {
        h += section(tr("Handoff"));
        h += QStringLiteral("<p>%1 → <b>%2</b></p>")
                 .arg(esc(handoff.value(QStringLiteral("from")).toString()),
                     esc(handoff.value(QStringLiteral("to")).toString()));
    }
    const QJsonObject email = detail.value(QStringLiteral("email")).toObject();
    if (!email.isEmpty()) {
        h += section(tr("Email"));
        h += QStringLiteral("<p>%1 to %2 %3</p>")
                 .arg(esc(email.value(QStringLiteral("event")).toString()),
                     esc(email.value(QStringLiteral("recipient")).toString()),
                     esc(email.value(QStringLiteral("reason")).toString()));
    }
    if (!d.text.isEmpty() && messages.isEmpty()) {
        h += section(tr("Text"));
        h += pre(d.text);
    }

    // Image preview.
    if (d.hasMedia && d.mediaMime.startsWith(QLatin1String("image")) && m_workspace) {
        QImage img;
        try {
            img.loadFromData(TimelineData::mediaBytes(*m_workspace, d.id));
        } catch (const std::exception &) {
        }
        if (!img.isNull()) {
            const int maxWidth = std::max(120, m_browser->viewport()->width() - 30);
            const QImage shown = img.width() > maxWidth ? img.scaledToWidth(maxWidth, Qt::SmoothTransformation) : img;
            const QUrl url(QStringLiteral("threadline-image:%1").arg(d.id));
            m_browser->document()->addResource(QTextDocument::ImageResource, url, shown);
            h += section(tr("Image (%1 × %2)").arg(img.width()).arg(img.height()));
            h += QStringLiteral("<img src='%1'>").arg(url.toString());
        }
    }
    if (d.hasMedia && d.mediaMime.startsWith(QLatin1String("audio"))) {
        h += section(tr("Recording"));
        h += QStringLiteral("<p>%1, %2</p>").arg(esc(d.mediaMime), TimelineAxis::formatDuration(d.mediaDurationNs));
        m_seek->setRange(0, int(d.mediaDurationNs / 1000000));
        m_seek->setValue(0);
        m_playTime->setText(TimelineAxis::formatDuration(d.mediaDurationNs));
    }

    // Log lines attached to this span.
    if (!d.logs.empty()) {
        h += section(tr("Log lines (%1)").arg(d.logs.size()));
        for (const ItemDetails::LogLine &l : d.logs)
            h += QStringLiteral("<div><a href='item:%1'>%2</a> <tt>%3</tt></div>")
                     .arg(l.itemId)
                     .arg(TimelineAxis::formatTimeOfDay(l.startNs, 1000000), esc(l.text.left(300)));
    }

    // Evidence behind each join.
    if (!d.edges.empty()) {
        h += section(tr("Why it is joined (%1)").arg(d.edges.size()));
        for (const ItemDetails::Edge &e : d.edges)
            h += QStringLiteral(
                "<div style='margin-bottom:4px'>%1 <a href='item:%2'>%3</a><br><b>%4</b> weight %5%6 — %7</div>")
                     .arg(e.outgoing ? QStringLiteral("→") : QStringLiteral("←"), QString::number(e.otherItemId),
                         esc(e.otherLabel), esc(e.rule), QString::number(e.weight, 'f', 2),
                         e.suggested ? tr(" (suggested)") : QString(), esc(e.evidence));
    }

    // Annotations.
    if (m_workspace) {
        std::vector<AnnotationStore::Annotation> notes;
        try {
            // By stable target ("<source>|<ref>"), never by row id: row ids change when the
            // evidence is imported again or analysed again, and a note must stay on its item.
            const QString itemTarget = AnnotationStore::itemTarget(*m_workspace, d.id);
            if (!itemTarget.isEmpty())
                notes = AnnotationStore::list(*m_workspace, QStringLiteral("item"), itemTarget);
            for (const ItemDetails::Edge &e : d.edges) {
                const QString edgeTarget = AnnotationStore::edgeTarget(*m_workspace, e.id);
                if (edgeTarget.isEmpty())
                    continue;
                for (auto &a : AnnotationStore::list(*m_workspace, QStringLiteral("edge"), edgeTarget))
                    notes.push_back(a);
            }
        } catch (const std::exception &) {
        }
        if (!notes.empty()) {
            h += section(tr("Annotations"));
            for (const auto &a : notes)
                h += QStringLiteral("<div><span style='color:gray'>%1 %2</span> %3%4</div>")
                         .arg(esc(a.createdAt.left(19)), esc(a.author), esc(a.note),
                             a.decision.isEmpty() ? QString() : QStringLiteral(" <b>[%1]</b>").arg(esc(a.decision)));
        }
    }

    // Raw attributes last: everything the source said.
    if (!d.attrsJson.isEmpty() && d.attrsJson != QLatin1String("{}")) {
        h += section(tr("Source attributes"));
        h += pre(pretty(QJsonDocument::fromJson(d.attrsJson.toUtf8()).object()));
    }
    m_browser->setHtml(h);
}

void DetailsPanel::addNote()
{
    const QString note = m_note->text().trimmed();
    if (note.isEmpty() || !m_workspace || m_details.id == 0)
        return;
    try {
        const QString target = AnnotationStore::itemTarget(*m_workspace, m_details.id);
        if (target.isEmpty())
            return;
        AnnotationStore::add(*m_workspace, QStringLiteral("item"), target, note);
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Cannot add the note"), QString::fromUtf8(e.what()));
        return;
    }
    m_note->clear();
    render();
}

void DetailsPanel::onPlayerPosition(qint64 ms)
{
    // The cursor follows the playhead; the timeline highlights the caption under it.
    m_state->setCursor(m_details.startNs - (m_state->correctClockSkew() ? m_details.clockOffsetNs : 0) + ms * 1000000);
    if (!m_seek->isSliderDown())
        m_seek->setValue(int(ms));
    m_playTime->setText(QStringLiteral("%1 / %2").arg(
        TimelineAxis::formatDuration(ms * 1000000), TimelineAxis::formatDuration(m_details.mediaDurationNs)));
}

void DetailsPanel::togglePlay()
{
#ifdef THREADLINE_WITH_MULTIMEDIA
    if (!m_workspace || !m_details.hasMedia)
        return;
    if (!m_player) {
        // Created on first use: tests and headless rendering never touch the audio stack.
        m_player = new QMediaPlayer(this);
        m_audioOut = new QAudioOutput(this);
        m_player->setAudioOutput(m_audioOut);
        connect(m_player, &QMediaPlayer::positionChanged, this, &DetailsPanel::onPlayerPosition);
        connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState s) {
            m_play->setText(s == QMediaPlayer::PlayingState ? tr("Pause") : tr("Play"));
        });
        connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString &message) { m_playTime->setText(message); });
    }
    if (m_player->playbackState() == QMediaPlayer::PlayingState) {
        m_player->pause();
        return;
    }
    if (m_player->sourceDevice() == nullptr) {
        delete m_audioBuffer;
        m_audioBuffer = new QBuffer(this);
        QString mime;
        m_audioBuffer->setData(TimelineData::mediaBytes(*m_workspace, m_details.id, &mime));
        m_audioBuffer->open(QIODevice::ReadOnly);
        m_player->setSourceDevice(m_audioBuffer, QUrl(QStringLiteral("audio.wav")));
    }
    m_player->play();
#endif
}
