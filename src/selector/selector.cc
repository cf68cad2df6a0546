// The public Selector: compiles once, then runs the matcher over a scope.

#include "selector/selector.h"

#include <utility>

#include "selector/compiled.h"

namespace qascrape::selector {

Selector::Selector(std::string source, std::shared_ptr<const Program> program)
    : source_(std::move(source)), program_(std::move(program)) {}

Result<Selector> Selector::parse(std::string_view text) {
  Result<Program> program = compile(text);
  if (!program.ok()) return program.error();
  return Selector(std::string(text),
                  std::make_shared<const Program>(std::move(program).value()));
}

bool Selector::matches(dom::Node element) const {
  MatchCache cache;
  return match_list(*program_, program_->top, element,
                    MatchContext{.scope = {}, .anchor = {}, .cache = &cache});
}

std::vector<dom::Node> Selector::select_all(dom::Node scope) const {
  std::vector<dom::Node> out;
  if (!scope) return out;
  MatchCache cache;
  MatchContext context{.scope = scope, .anchor = {}, .cache = &cache};
  for (dom::Node n = first_element_child(scope); n;
       n = next_in_subtree(n, scope)) {
    if (match_list(*program_, program_->top, n, context)) out.push_back(n);
  }
  return out;
}

dom::Node Selector::select_first(dom::Node scope) const {
  if (!scope) return {};
  MatchCache cache;
  MatchContext context{.scope = scope, .anchor = {}, .cache = &cache};
  for (dom::Node n = first_element_child(scope); n;
       n = next_in_subtree(n, scope)) {
    if (match_list(*program_, program_->top, n, context)) return n;
  }
  return {};
}

}  // namespace qascrape::selector
