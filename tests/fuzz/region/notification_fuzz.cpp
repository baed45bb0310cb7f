// Fuzzes what a client sends to `notifications create`: the input's first line is the message,
// the rest the context. The form reader accepts or records field errors and nothing else; an
// accepted form always renders; escapeBraces always renders to a message without problems.
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "maas/region/api/errors.h"
#include "maas/region/notify/notification_rules.h"

namespace notify = maas::region::notify;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string message = input.substr(0, newline);
    const std::string context = newline == std::string::npos ? "" : input.substr(newline + 1);
    maas::region::http::FormParams params;
    params.add("message", message);
    params.add("context", context);
    params.add("category", context);
    params.add("ident", message);
    maas::region::api::FieldErrors errors;
    const auto fields = notify::readNotificationForm(params, {}, errors);
    if (errors.empty() && (fields.message.empty() ||
                           (fields.ident && fields.ident->size() > notify::kIdentMaxLength)))
        std::abort();
    const Poco::JSON::Object empty;
    if (notify::renderProblem(notify::escapeBraces(message), empty))
        std::abort();
    return 0;
}
