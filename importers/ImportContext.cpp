#include "ImportContext.h"

#include "ImportError.h"
#include "WorkspaceWriter.h"

ImportContext::ImportContext(
    ImportInput &input, WorkspaceWriter &writer, std::string sourcePath, std::string absolutePath)
    : m_input(input)
    , m_writer(writer)
    , m_sourcePath(std::move(sourcePath))
    , m_absolutePath(std::move(absolutePath))
{
}

std::string ImportContext::fileName() const
{
    const auto slash = m_sourcePath.find_last_of('/');
    return slash == std::string::npos ? m_sourcePath : m_sourcePath.substr(slash + 1);
}

int64_t ImportContext::addItem(const Item &item)
{
    return m_writer.addItem(item);
}

int64_t ImportContext::addItem(Item &&item)
{
    return m_writer.addItem(std::move(item));
}

void ImportContext::warn(const std::string &where, const std::string &what)
{
    ++m_warnings;
    m_writer.addWarning(where.empty() ? what : where + ": " + what);
}

void ImportContext::fail(const std::string &where, const std::string &what) const
{
    throw ImportError(where, what);
}
