#pragma once
#include <QtGlobal>

class Workspace;

// A small, fully known workspace for the GUI tests (written through WorkspaceWriter plus the
// correlation tables by SQL): a voice call with a recording and transcript, a screenshot, a
// planner trace whose handoff to a billing agent broke, the rootless billing trace that
// continued it (a suggested edge), a skewed payments log, a bounced email, and a second,
// quiet conversation.
namespace GuiTestWorkspace {

struct Ids
{
    qint64 conversation = 0; // the one with findings
    qint64 quietConversation = 0;
    qint64 audio = 0, asr1 = 0, asr2 = 0, image = 0;
    qint64 planner = 0, retrieval = 0, llm = 0, tool = 0, handoff = 0;
    qint64 continuation = 0, continuationLlm = 0;
    qint64 paymentsLog = 0, email = 0, followUp = 0;
    qint64 quietLlm = 0;
    qint64 suggestedEdge = 0;
    qint64 t0 = 0; // call start
    qint64 paymentsOffsetNs = 412'000'000;
};

Ids build(Workspace &workspace);
// Adds a conversation of `count` small items spread over `spanNs` (for scale tests).
qint64 addBusyConversation(Workspace &workspace, int count, qint64 spanNs);

} // namespace GuiTestWorkspace
