#include "AnalyzeCommand.h"

namespace AnalyzeCommand {

int run(const QStringList &)
{
    return 2;
}

} // namespace AnalyzeCommand
