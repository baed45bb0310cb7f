#include "kea_log_sink.h"

#include <log/logger.h>
#include <log/message_dictionary.h>
#include <log/message_initializer.h>

#include <array>
#include <iterator>

#include "ha_messages.h"

namespace maas::hooks {

namespace {

// Kea's MessageID is a plain C string, looked up in its dictionary at output time.
constexpr const char* kFallbackId = "MAAS_HA_LOG";
constexpr int kDebugLevel = 40;  // isc::log::DBGLVL_TRACE_BASIC

// Alternating ID and text, ending in a null, as MessageInitializer wants. Kea loads the
// dictionary right after it opens the library, and drops these entries when it closes it.
const char** catalogValues() {
    static std::array<const char*, 2 * std::size(msg::kCatalog) + 3> values = [] {
        std::array<const char*, 2 * std::size(msg::kCatalog) + 3> v{};
        size_t i = 0;
        for (const MessageId* m : msg::kCatalog) {
            v[i++] = m->id;
            v[i++] = "%1";
        }
        v[i++] = kFallbackId;
        v[i++] = "%1 %2";
        v[i] = nullptr;
        return v;
    }();
    return values.data();
}

const isc::log::MessageInitializer kInitializer(catalogValues());

class KeaLogSink final : public LogSink {
  public:
    void write(const LogRecord& record) override {
        if (!enabled(record.message->severity))
            return;
        const std::string text = recordText(record);
        if (isc::log::MessageDictionary::globalDictionary()->getText(record.message->id).empty()) {
            formatter(record.message->severity, kFallbackId).arg(record.message->id).arg(text);
            return;
        }
        formatter(record.message->severity, record.message->id).arg(text);
    }

  private:
    bool enabled(Severity severity) {
        switch (severity) {
            case Severity::Debug:
                return logger_.isDebugEnabled(kDebugLevel);
            case Severity::Info:
                return logger_.isInfoEnabled();
            case Severity::Warn:
                return logger_.isWarnEnabled();
            case Severity::Error:
                return logger_.isErrorEnabled();
        }
        return true;
    }

    isc::log::Logger::Formatter formatter(Severity severity, const char* id) {
        switch (severity) {
            case Severity::Debug:
                return logger_.debug(kDebugLevel, id);
            case Severity::Info:
                return logger_.info(id);
            case Severity::Warn:
                return logger_.warn(id);
            case Severity::Error:
                break;
        }
        return logger_.error(id);
    }

    isc::log::Logger logger_{"maas-ha"};
};

}  // namespace

std::shared_ptr<LogSink> makeKeaLogSink() {
    return std::make_shared<KeaLogSink>();
}

}  // namespace maas::hooks
