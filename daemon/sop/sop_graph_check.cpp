// SPDX-License-Identifier: Apache-2.0
#include "sop_graph_check.hpp"

#include <map>
#include <vector>

namespace ktpel::sop {
namespace {

// Steps by index, with the edges a service can take out of each. Skipping a
// step continues to its `next`, so a skip adds no edge of its own.
struct StepGraph
{
    std::vector<std::vector<std::size_t>> successors;
    std::vector<bool> ends_service; // some way out of this step ends the service
};

std::optional<GraphProblem> build_graph(const Sop& sop, StepGraph& graph)
{
    std::map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < sop.steps.size(); ++i)
        index_of.emplace(sop.steps[i].id, i);
    graph.successors.assign(sop.steps.size(), {});
    graph.ends_service.assign(sop.steps.size(), false);

    for (std::size_t i = 0; i < sop.steps.size(); ++i) {
        const auto& step = sop.steps[i];
        if (step.decision) {
            const auto& outcomes = step.decision->outcomes;
            for (std::size_t o = 0; o < outcomes.size(); ++o) {
                if (!outcomes[o].next_step) {
                    graph.ends_service[i] = true;
                    continue;
                }
                const auto target = index_of.find(*outcomes[o].next_step);
                if (target == index_of.end())
                    return GraphProblem{GraphProblem::Place::outcome_next, i, o,
                                        "outcome \"" + outcomes[o].id + "\" of step \"" + step.id +
                                            "\" leads to \"" + *outcomes[o].next_step +
                                            "\", which is no step of this SOP"};
                graph.successors[i].push_back(target->second);
            }
        } else if (step.next) {
            const auto target = index_of.find(*step.next);
            if (target == index_of.end())
                return GraphProblem{GraphProblem::Place::step_next, i, 0,
                                    "\"next\" of step \"" + step.id + "\" is \"" + *step.next +
                                        "\", which is no step of this SOP"};
            graph.successors[i].push_back(target->second);
        } else {
            graph.ends_service[i] = true; // the normal end: completed
        }
    }
    return std::nullopt;
}

std::vector<bool> reachable_from_first(const StepGraph& graph)
{
    std::vector<bool> reached(graph.successors.size(), false);
    if (reached.empty())
        return reached;
    std::vector<std::size_t> pending{0};
    reached[0] = true;
    while (!pending.empty()) {
        const auto current = pending.back();
        pending.pop_back();
        for (const auto next : graph.successors[current])
            if (!reached[next]) {
                reached[next] = true;
                pending.push_back(next);
            }
    }
    return reached;
}

// Walks the edges backwards from every step that can end the service.
std::vector<bool> can_reach_an_end(const StepGraph& graph)
{
    const auto count = graph.successors.size();
    std::vector<std::vector<std::size_t>> predecessors(count);
    for (std::size_t from = 0; from < count; ++from)
        for (const auto to : graph.successors[from])
            predecessors[to].push_back(from);
    std::vector<bool> can_end = graph.ends_service;
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < count; ++i)
        if (can_end[i])
            pending.push_back(i);
    while (!pending.empty()) {
        const auto current = pending.back();
        pending.pop_back();
        for (const auto before : predecessors[current])
            if (!can_end[before]) {
                can_end[before] = true;
                pending.push_back(before);
            }
    }
    return can_end;
}

} // namespace

std::optional<GraphProblem> find_graph_problem(const Sop& sop)
{
    StepGraph graph;
    if (auto problem = build_graph(sop, graph))
        return problem;

    const auto reached = reachable_from_first(graph);
    for (std::size_t i = 0; i < sop.steps.size(); ++i)
        if (!reached[i])
            return GraphProblem{GraphProblem::Place::step, i, 0,
                                "step \"" + sop.steps[i].id +
                                    "\" cannot be reached from the first step \"" +
                                    sop.steps.front().id + "\" (no next or outcome leads to it)"};

    const auto can_end = can_reach_an_end(graph);
    for (std::size_t i = 0; i < sop.steps.size(); ++i)
        if (!can_end[i])
            return GraphProblem{GraphProblem::Place::step, i, 0,
                                "no path from step \"" + sop.steps[i].id +
                                    "\" ends the service: it is caught in a loop with no exit"};
    return std::nullopt;
}

} // namespace ktpel::sop
