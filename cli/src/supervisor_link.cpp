#include "maas/cli/supervisor_link.h"

#include <ostream>

#include "maas/supervisor/control_client.h"

namespace maas::cli {

void notifySupervisor(CliContext& ctx) {
    try {
        const auto reply = supervisor::controlRequest(ctx.paths.supervisor_socket, "reload");
        if (reply.rfind("{\"result\": 0", 0) == 0) {
            ctx.out << "Asked the supervisor to apply the change.\n";
        } else {
            ctx.err << "warning: the supervisor refused to reload: " << reply << "\n";
        }
    } catch (const supervisor::ControlUnavailable&) {
        ctx.out << "The supervisor is not running; the change applies when it starts "
                   "(maas-supervisor).\n";
    }
}

}  // namespace maas::cli
