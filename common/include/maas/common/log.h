#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "maas/common/json.h"  // jsonEscape, used by every JSON log line

namespace maas {

enum class Severity { Debug, Info, Warn, Error };

/// A catalog entry: a stable ID that tests and operators can match, its severity, and a
/// sentence saying what it means. Declare them as inline constexpr next to their component.
struct MessageId {
    const char* id;
    Severity severity;
    const char* meaning;
};

struct LogRecord {
    std::string timestamp;  ///< RFC 3339 UTC with milliseconds
    std::string component;  ///< e.g. "supervisor", "regiond[2]"
    const MessageId* message;
    std::string text;
    std::vector<std::pair<std::string, std::string>> fields;
};

/// Where records go. Implementations must be thread-safe.
class LogSink {
  public:
    virtual ~LogSink() = default;
    virtual void write(const LogRecord& record) = 0;
};

/// "<time> <component> <SEVERITY> <ID> <text> key=value..." to a stream fd (stderr: journald).
std::shared_ptr<LogSink> makeTextSink(int fd = 2);
/// One JSON object per line.
std::shared_ptr<LogSink> makeJsonSink(int fd = 2);
/// Keeps records in memory (unit tests).
class MemorySink final : public LogSink {
  public:
    void write(const LogRecord& record) override;
    std::vector<LogRecord> records() const;
    bool contains(const char* id) const;

  private:
    mutable std::mutex mutex_;
    std::vector<LogRecord> records_;
};

/// Logs catalog messages; scrubs registered secret values out of every text and field.
class Logger {
  public:
    Logger(std::string component, std::shared_ptr<LogSink> sink, Severity minimum = Severity::Info);

    void log(const MessageId& message, const std::string& text,
             std::vector<std::pair<std::string, std::string>> fields = {}) const;

    /// Any later occurrence of value in a log line is replaced by "[redacted]".
    void addSecret(std::string value);
    void setMinimum(Severity minimum) { minimum_ = minimum; }
    const std::string& component() const { return component_; }
    std::shared_ptr<LogSink> sink() const { return sink_; }

  private:
    std::string scrub(std::string text) const;

    std::string component_;
    std::shared_ptr<LogSink> sink_;
    Severity minimum_;
    std::vector<std::string> secrets_;
};

const char* severityName(Severity severity);
/// A record's text and its key=value fields, control characters escaped: the part of a log
/// line after the message ID, for sinks that add their own timestamp and ID.
std::string recordText(const LogRecord& record);
/// Control characters (and the backslash) as C escapes (\n, \x1b, \\): what the text sink
/// writes, so no logged value can end a line or drive a terminal. UTF-8 passes unchanged.
std::string escapeControl(const std::string& text);

}  // namespace maas
