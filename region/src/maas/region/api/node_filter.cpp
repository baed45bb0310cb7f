#include "maas/region/api/node_filter.h"

#include <algorithm>

namespace maas::region::api {

std::vector<Node> filterNodes(std::vector<Node> nodes, const http::FormParams& params) {
    const auto hostnames = params.getAll("hostname");
    const auto ids = params.getAll("id");
    auto in = [](const std::vector<std::string>& values, const std::string& v) {
        return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
    };
    std::erase_if(
        nodes, [&](const Node& n) { return !in(hostnames, n.hostname) || !in(ids, n.system_id); });
    return nodes;
}

}  // namespace maas::region::api
