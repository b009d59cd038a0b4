// SPDX-License-Identifier: Apache-2.0
#include "machine_facts.hpp"

#include <fstream>
#include <thread>

#include <sched.h>

namespace ktpel::bench {

MachineFacts machine_facts()
{
    MachineFacts machine;
    cpu_set_t set;
    CPU_ZERO(&set);
    machine.nproc = ::sched_getaffinity(0, sizeof set, &set) == 0
                        ? CPU_COUNT(&set)
                        : static_cast<int>(std::thread::hardware_concurrency());
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.starts_with("model name")) {
            if (const auto colon = line.find(':'); colon != std::string::npos)
                machine.cpu_model = line.substr(line.find_first_not_of(" \t", colon + 1));
            break;
        }
    }
    return machine;
}

} // namespace ktpel::bench
