// SPDX-License-Identifier: Apache-2.0
// Checks that an SOP's steps form a procedure that can run: every `next`
// and decision outcome names a step, every step can be reached from the
// first, and from every step some path leads to an end of the service.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "sop_model.hpp"

namespace ktpel::sop {

// What is wrong and where, in terms of the model; the loader turns the
// place into a file position.
struct GraphProblem
{
    enum class Place
    {
        step,         // the step itself
        step_next,    // the step's `next`
        outcome_next, // the `next` of decision outcome `outcome_index`
    };
    Place place = Place::step;
    std::size_t step_index = 0;
    std::size_t outcome_index = 0;
    std::string message;
};

// The first problem in SOP table order: dangling references first, then
// unreachable steps, then steps from which the service cannot end.
std::optional<GraphProblem> find_graph_problem(const Sop& sop);

} // namespace ktpel::sop
