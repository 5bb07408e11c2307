#pragma once
#include "ItemDetails.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QTextBrowser;
class QBuffer;
class QMediaPlayer;
class QAudioOutput;
class SelectionState;
class Workspace;

// Details of the selected item: attributes, chat messages as a conversation, prompt and
// model asked vs served, retrieved documents, tool arguments/result as formatted JSON, log
// lines attached, the evidence behind each join, annotations (with "add a note"), an image
// preview and an audio player whose playhead drives the shared time cursor.
class DetailsPanel : public QWidget
{
    Q_OBJECT
public:
    DetailsPanel(SelectionState *state, QWidget *parent = nullptr);
    ~DetailsPanel() override;
    void setWorkspace(Workspace *workspace);
    const ItemDetails &details() const { return m_details; }
    QString html() const;

Q_SIGNALS:
    // The user followed a link to another item (an edge's other end, a log line).
    void itemLinkActivated(qint64 itemId);

private:
    void showItem(qint64 itemId);
    void render();
    void addNote();
    void togglePlay();
    void onPlayerPosition(qint64 ms);

    SelectionState *m_state;
    Workspace *m_workspace = nullptr;
    ItemDetails m_details;
    QTextBrowser *m_browser;
    QWidget *m_playerBar;
    QPushButton *m_play;
    QSlider *m_seek;
    QLabel *m_playTime;
    QLineEdit *m_note;
    QPushButton *m_addNote;
#ifdef THREADLINE_WITH_MULTIMEDIA
    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_audioOut = nullptr;
    QBuffer *m_audioBuffer = nullptr;
#endif
};
