#pragma once

#include <QString>

namespace hullft::ui {

// The datastore a model opened in the workbench queries unless File > Open store picked another.
// Its embeddings must come from the same model, so each model folder gets its own store:
// <data>/stores/<folder name>-<8 hex digits of a hash of the folder's normalized path> (two
// folders with the same name stay apart).
QString modelStoreDirectory(const QString& model_directory);

}  // namespace hullft::ui
