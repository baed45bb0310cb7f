#include "maas/region/api/discovery.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace maas::region::api {

std::string discoveryJson(const std::vector<ProcessEndpoint>& workers,
                          const std::string& this_hostname, const std::string& reached_address) {
    Poco::JSON::Object loops;
    for (const auto& w : workers) {
        std::string address = w.rpc_address;
        if ((address == "0.0.0.0" || address == "::") && w.hostname == this_hostname)
            address = reached_address;
        Poco::JSON::Array endpoint;
        endpoint.add(address);
        endpoint.add(w.rpc_port);
        Poco::JSON::Array list;
        list.add(endpoint);
        loops.set(w.hostname + ":pid=" + std::to_string(w.pid), list);
    }
    Poco::JSON::Object doc;
    doc.set("eventloops", loops);
    std::ostringstream out;
    doc.stringify(out);
    return out.str();
}

}  // namespace maas::region::api
