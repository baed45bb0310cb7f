#include "maas/region/api/errors.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace maas::region::api {

std::string FieldErrors::toJson() const {
    Poco::JSON::Object obj;
    for (const auto& [field, messages] : fields_) {
        Poco::JSON::Array arr;
        for (const auto& m : messages)
            arr.add(m);
        obj.set(field, arr);
    }
    std::ostringstream out;
    obj.stringify(out);
    return out.str();
}

}  // namespace maas::region::api
