#include "serve/base_weights_check.h"

#include "common/errors.h"
#include "finetune/parameter_digest.h"
#include "finetune/parameter_subset.h"

namespace hullft::serve {

BaseWeightsCheck::BaseWeightsCheck(LanguageModel& model) : model_(model), digest_(current()) {}

std::string BaseWeightsCheck::current() const { return parameterDigest(selectTrainable(model_, TrainableSubset{})); }

void BaseWeightsCheck::verify() const {
    const std::string now = current();
    if (now != digest_)
        throw Error("the model's weights are not the base weights after a request (digest " + now + ", base " +
                    digest_ + ")");
}

}  // namespace hullft::serve
