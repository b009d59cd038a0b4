// SPDX-License-Identifier: Apache-2.0
// What a bench's figures were measured on, printed with them: ratios
// travel between machines, absolute times do not.
#pragma once

#include <string>

namespace ktpel::bench {

struct MachineFacts
{
    int nproc = 0; // like nproc(1): the CPUs this process may run on
    std::string cpu_model = "unknown";
};

MachineFacts machine_facts();

} // namespace ktpel::bench
