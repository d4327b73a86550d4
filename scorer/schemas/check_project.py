# ruff: noqa
# Generated from project.schema.json by tools/compile_schemas.py — do not edit.
# The fast check of scorer/forms/schema.py; a test fails when it is out of date.
VERSION = "2.22.3"
from decimal import Decimal
import re
from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException


REGEX_PATTERNS = {
    '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$': re.compile('^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*\\Z')
}

NoneType = type(None)

def validate(data, custom_formats={}, name_prefix=None):
    if not isinstance(data, (dict)):
        raise JsonSchemaValueException("" + (name_prefix or "data") + " must be object", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['form', 'project', 'indicators'], 'properties': {'ruleset': {'type': 'string'}, 'form': {'enum': ['project', 'department']}, 'project': {'type': 'object', 'additionalProperties': False, 'properties': {'name': {'type': ['string', 'null']}, 'department': {'type': ['string', 'null']}, 'implementer': {'type': ['string', 'null']}, 'year': {'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}}}, 'budget': {'type': 'object', 'additionalProperties': False, 'properties': {'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'sources': {'type': ['array', 'null'], 'items': {'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}}}, 'goals': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}, 'indicators': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'properties': {'goal': {'type': ['integer', 'string', 'null']}, 'level1': {'type': ['string', 'null']}, 'level2': {'type': ['string', 'null']}, 'name': {'type': ['string', 'null']}, 'target': {'type': ['string', 'number', 'null']}, 'actual': {'type': ['string', 'number', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'direction': {'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, 'nature': {'type': ['string', 'null']}, 'unit': {'type': ['string', 'null']}, 'note': {'type': ['string', 'null']}}}}, 'indicators_total': {'type': ['object', 'null'], 'additionalProperties': False, 'properties': {'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, 'reported_total': {'type': ['number', 'null'], 'minimum': 0}, 'reported_grade': {'type': ['string', 'null']}}}, rule='type')
    data_is_dict = isinstance(data, dict)
    if data_is_dict:
        data__missing_keys = set(['form', 'project', 'indicators']) - data.keys()
        if data__missing_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must contain " + (str(sorted(data__missing_keys)) + " properties"), value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['form', 'project', 'indicators'], 'properties': {'ruleset': {'type': 'string'}, 'form': {'enum': ['project', 'department']}, 'project': {'type': 'object', 'additionalProperties': False, 'properties': {'name': {'type': ['string', 'null']}, 'department': {'type': ['string', 'null']}, 'implementer': {'type': ['string', 'null']}, 'year': {'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}}}, 'budget': {'type': 'object', 'additionalProperties': False, 'properties': {'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'sources': {'type': ['array', 'null'], 'items': {'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}}}, 'goals': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}, 'indicators': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'properties': {'goal': {'type': ['integer', 'string', 'null']}, 'level1': {'type': ['string', 'null']}, 'level2': {'type': ['string', 'null']}, 'name': {'type': ['string', 'null']}, 'target': {'type': ['string', 'number', 'null']}, 'actual': {'type': ['string', 'number', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'direction': {'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, 'nature': {'type': ['string', 'null']}, 'unit': {'type': ['string', 'null']}, 'note': {'type': ['string', 'null']}}}}, 'indicators_total': {'type': ['object', 'null'], 'additionalProperties': False, 'properties': {'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, 'reported_total': {'type': ['number', 'null'], 'minimum': 0}, 'reported_grade': {'type': ['string', 'null']}}}, rule='required')
        data_keys = set(data.keys())
        if "ruleset" in data_keys:
            data_keys.remove("ruleset")
            data__ruleset = data["ruleset"]
            if not isinstance(data__ruleset, (str)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".ruleset must be string", value=data__ruleset, name="" + (name_prefix or "data") + ".ruleset", definition={'type': 'string'}, rule='type')
        if "form" in data_keys:
            data_keys.remove("form")
            data__form = data["form"]
            if not (isinstance(data__form, str) and data__form == 'project' or isinstance(data__form, str) and data__form == 'department'):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".form must be one of ['project', 'department']", value=data__form, name="" + (name_prefix or "data") + ".form", definition={'enum': ['project', 'department']}, rule='enum')
        if "project" in data_keys:
            data_keys.remove("project")
            data__project = data["project"]
            if not isinstance(data__project, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".project must be object", value=data__project, name="" + (name_prefix or "data") + ".project", definition={'type': 'object', 'additionalProperties': False, 'properties': {'name': {'type': ['string', 'null']}, 'department': {'type': ['string', 'null']}, 'implementer': {'type': ['string', 'null']}, 'year': {'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}}}, rule='type')
            data__project_is_dict = isinstance(data__project, dict)
            if data__project_is_dict:
                data__project_keys = set(data__project.keys())
                if "name" in data__project_keys:
                    data__project_keys.remove("name")
                    data__project__name = data__project["name"]
                    if not isinstance(data__project__name, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".project.name must be string or null", value=data__project__name, name="" + (name_prefix or "data") + ".project.name", definition={'type': ['string', 'null']}, rule='type')
                if "department" in data__project_keys:
                    data__project_keys.remove("department")
                    data__project__department = data__project["department"]
                    if not isinstance(data__project__department, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".project.department must be string or null", value=data__project__department, name="" + (name_prefix or "data") + ".project.department", definition={'type': ['string', 'null']}, rule='type')
                if "implementer" in data__project_keys:
                    data__project_keys.remove("implementer")
                    data__project__implementer = data__project["implementer"]
                    if not isinstance(data__project__implementer, (str, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".project.implementer must be string or null", value=data__project__implementer, name="" + (name_prefix or "data") + ".project.implementer", definition={'type': ['string', 'null']}, rule='type')
                if "year" in data__project_keys:
                    data__project_keys.remove("year")
                    data__project__year = data__project["year"]
                    if not isinstance(data__project__year, (int, NoneType)) and not (isinstance(data__project__year, float) and data__project__year.is_integer()) or isinstance(data__project__year, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".project.year must be integer or null", value=data__project__year, name="" + (name_prefix or "data") + ".project.year", definition={'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}, rule='type')
                    if isinstance(data__project__year, (int, float, Decimal)) and not isinstance(data__project__year, bool):
                        if data__project__year < 1990:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".project.year must be bigger than or equal to 1990", value=data__project__year, name="" + (name_prefix or "data") + ".project.year", definition={'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}, rule='minimum')
                        if data__project__year > 2100:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".project.year must be smaller than or equal to 2100", value=data__project__year, name="" + (name_prefix or "data") + ".project.year", definition={'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}, rule='maximum')
                if data__project_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".project must not contain "+str(data__project_keys)+" properties", value=data__project, name="" + (name_prefix or "data") + ".project", definition={'type': 'object', 'additionalProperties': False, 'properties': {'name': {'type': ['string', 'null']}, 'department': {'type': ['string', 'null']}, 'implementer': {'type': ['string', 'null']}, 'year': {'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}}}, rule='additionalProperties')
        if "budget" in data_keys:
            data_keys.remove("budget")
            data__budget = data["budget"]
            if not isinstance(data__budget, (dict)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget must be object", value=data__budget, name="" + (name_prefix or "data") + ".budget", definition={'type': 'object', 'additionalProperties': False, 'properties': {'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'sources': {'type': ['array', 'null'], 'items': {'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}}}, rule='type')
            data__budget_is_dict = isinstance(data__budget, dict)
            if data__budget_is_dict:
                data__budget_keys = set(data__budget.keys())
                if "initial" in data__budget_keys:
                    data__budget_keys.remove("initial")
                    data__budget__initial = data__budget["initial"]
                    if not isinstance(data__budget__initial, (int, float, Decimal, NoneType)) or isinstance(data__budget__initial, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.initial must be number or null", value=data__budget__initial, name="" + (name_prefix or "data") + ".budget.initial", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__budget__initial, (int, float, Decimal)) and not isinstance(data__budget__initial, bool):
                        if data__budget__initial < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.initial must be bigger than or equal to 0", value=data__budget__initial, name="" + (name_prefix or "data") + ".budget.initial", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if "planned" in data__budget_keys:
                    data__budget_keys.remove("planned")
                    data__budget__planned = data__budget["planned"]
                    if not isinstance(data__budget__planned, (int, float, Decimal, NoneType)) or isinstance(data__budget__planned, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.planned must be number or null", value=data__budget__planned, name="" + (name_prefix or "data") + ".budget.planned", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__budget__planned, (int, float, Decimal)) and not isinstance(data__budget__planned, bool):
                        if data__budget__planned < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.planned must be bigger than or equal to 0", value=data__budget__planned, name="" + (name_prefix or "data") + ".budget.planned", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if "executed" in data__budget_keys:
                    data__budget_keys.remove("executed")
                    data__budget__executed = data__budget["executed"]
                    if not isinstance(data__budget__executed, (int, float, Decimal, NoneType)) or isinstance(data__budget__executed, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.executed must be number or null", value=data__budget__executed, name="" + (name_prefix or "data") + ".budget.executed", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__budget__executed, (int, float, Decimal)) and not isinstance(data__budget__executed, bool):
                        if data__budget__executed < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.executed must be bigger than or equal to 0", value=data__budget__executed, name="" + (name_prefix or "data") + ".budget.executed", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if "weight" in data__budget_keys:
                    data__budget_keys.remove("weight")
                    data__budget__weight = data__budget["weight"]
                    if not isinstance(data__budget__weight, (int, float, Decimal, NoneType)) or isinstance(data__budget__weight, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.weight must be number or null", value=data__budget__weight, name="" + (name_prefix or "data") + ".budget.weight", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__budget__weight, (int, float, Decimal)) and not isinstance(data__budget__weight, bool):
                        if data__budget__weight < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.weight must be bigger than or equal to 0", value=data__budget__weight, name="" + (name_prefix or "data") + ".budget.weight", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if "reported_rate" in data__budget_keys:
                    data__budget_keys.remove("reported_rate")
                    data__budget__reportedrate = data__budget["reported_rate"]
                    if not isinstance(data__budget__reportedrate, (str, int, float, Decimal, NoneType)) or isinstance(data__budget__reportedrate, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.reported_rate must be string or number or null", value=data__budget__reportedrate, name="" + (name_prefix or "data") + ".budget.reported_rate", definition={'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, rule='type')
                    if isinstance(data__budget__reportedrate, str):
                        if not REGEX_PATTERNS['^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'].search(data__budget__reportedrate):
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.reported_rate must match pattern ^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%\uff05]?|[-\u2014\u2013/\uff0f]*)\\s*$", value=data__budget__reportedrate, name="" + (name_prefix or "data") + ".budget.reported_rate", definition={'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, rule='pattern')
                if "reported_score" in data__budget_keys:
                    data__budget_keys.remove("reported_score")
                    data__budget__reportedscore = data__budget["reported_score"]
                    if not isinstance(data__budget__reportedscore, (int, float, Decimal, NoneType)) or isinstance(data__budget__reportedscore, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.reported_score must be number or null", value=data__budget__reportedscore, name="" + (name_prefix or "data") + ".budget.reported_score", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__budget__reportedscore, (int, float, Decimal)) and not isinstance(data__budget__reportedscore, bool):
                        if data__budget__reportedscore < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.reported_score must be bigger than or equal to 0", value=data__budget__reportedscore, name="" + (name_prefix or "data") + ".budget.reported_score", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if "sources" in data__budget_keys:
                    data__budget_keys.remove("sources")
                    data__budget__sources = data__budget["sources"]
                    if not isinstance(data__budget__sources, (list, tuple, NoneType)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources must be array or null", value=data__budget__sources, name="" + (name_prefix or "data") + ".budget.sources", definition={'type': ['array', 'null'], 'items': {'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}, rule='type')
                    data__budget__sources_is_list = isinstance(data__budget__sources, (list, tuple))
                    if data__budget__sources_is_list:
                        data__budget__sources_len = len(data__budget__sources)
                        for data__budget__sources_x, data__budget__sources_item in enumerate(data__budget__sources):
                            if not isinstance(data__budget__sources_item, (dict)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}]".format(**locals()) + " must be object", value=data__budget__sources_item, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='type')
                            data__budget__sources_item_is_dict = isinstance(data__budget__sources_item, dict)
                            if data__budget__sources_item_is_dict:
                                data__budget__sources_item__missing_keys = set(['label']) - data__budget__sources_item.keys()
                                if data__budget__sources_item__missing_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}]".format(**locals()) + " must contain " + (str(sorted(data__budget__sources_item__missing_keys)) + " properties"), value=data__budget__sources_item, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='required')
                                data__budget__sources_item_keys = set(data__budget__sources_item.keys())
                                if "label" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("label")
                                    data__budget__sources_item__label = data__budget__sources_item["label"]
                                    if not isinstance(data__budget__sources_item__label, (str)):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].label".format(**locals()) + " must be string", value=data__budget__sources_item__label, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].label".format(**locals()) + "", definition={'type': 'string'}, rule='type')
                                if "initial" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("initial")
                                    data__budget__sources_item__initial = data__budget__sources_item["initial"]
                                    if not isinstance(data__budget__sources_item__initial, (int, float, Decimal, NoneType)) or isinstance(data__budget__sources_item__initial, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].initial".format(**locals()) + " must be number or null", value=data__budget__sources_item__initial, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].initial".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                                    if isinstance(data__budget__sources_item__initial, (int, float, Decimal)) and not isinstance(data__budget__sources_item__initial, bool):
                                        if data__budget__sources_item__initial < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].initial".format(**locals()) + " must be bigger than or equal to 0", value=data__budget__sources_item__initial, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].initial".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                                if "planned" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("planned")
                                    data__budget__sources_item__planned = data__budget__sources_item["planned"]
                                    if not isinstance(data__budget__sources_item__planned, (int, float, Decimal, NoneType)) or isinstance(data__budget__sources_item__planned, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].planned".format(**locals()) + " must be number or null", value=data__budget__sources_item__planned, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].planned".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                                    if isinstance(data__budget__sources_item__planned, (int, float, Decimal)) and not isinstance(data__budget__sources_item__planned, bool):
                                        if data__budget__sources_item__planned < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].planned".format(**locals()) + " must be bigger than or equal to 0", value=data__budget__sources_item__planned, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].planned".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                                if "executed" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("executed")
                                    data__budget__sources_item__executed = data__budget__sources_item["executed"]
                                    if not isinstance(data__budget__sources_item__executed, (int, float, Decimal, NoneType)) or isinstance(data__budget__sources_item__executed, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].executed".format(**locals()) + " must be number or null", value=data__budget__sources_item__executed, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].executed".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                                    if isinstance(data__budget__sources_item__executed, (int, float, Decimal)) and not isinstance(data__budget__sources_item__executed, bool):
                                        if data__budget__sources_item__executed < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].executed".format(**locals()) + " must be bigger than or equal to 0", value=data__budget__sources_item__executed, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].executed".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                                if "weight" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("weight")
                                    data__budget__sources_item__weight = data__budget__sources_item["weight"]
                                    if not isinstance(data__budget__sources_item__weight, (int, float, Decimal, NoneType)) or isinstance(data__budget__sources_item__weight, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].weight".format(**locals()) + " must be number or null", value=data__budget__sources_item__weight, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].weight".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                                    if isinstance(data__budget__sources_item__weight, (int, float, Decimal)) and not isinstance(data__budget__sources_item__weight, bool):
                                        if data__budget__sources_item__weight < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].weight".format(**locals()) + " must be bigger than or equal to 0", value=data__budget__sources_item__weight, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].weight".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                                if "reported_rate" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("reported_rate")
                                    data__budget__sources_item__reportedrate = data__budget__sources_item["reported_rate"]
                                    if not isinstance(data__budget__sources_item__reportedrate, (str, int, float, Decimal, NoneType)) or isinstance(data__budget__sources_item__reportedrate, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_rate".format(**locals()) + " must be string or number or null", value=data__budget__sources_item__reportedrate, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_rate".format(**locals()) + "", definition={'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, rule='type')
                                    if isinstance(data__budget__sources_item__reportedrate, str):
                                        if not REGEX_PATTERNS['^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'].search(data__budget__sources_item__reportedrate):
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_rate".format(**locals()) + " must match pattern ^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%\uff05]?|[-\u2014\u2013/\uff0f]*)\\s*$", value=data__budget__sources_item__reportedrate, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_rate".format(**locals()) + "", definition={'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, rule='pattern')
                                if "reported_score" in data__budget__sources_item_keys:
                                    data__budget__sources_item_keys.remove("reported_score")
                                    data__budget__sources_item__reportedscore = data__budget__sources_item["reported_score"]
                                    if not isinstance(data__budget__sources_item__reportedscore, (int, float, Decimal, NoneType)) or isinstance(data__budget__sources_item__reportedscore, bool):
                                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_score".format(**locals()) + " must be number or null", value=data__budget__sources_item__reportedscore, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_score".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                                    if isinstance(data__budget__sources_item__reportedscore, (int, float, Decimal)) and not isinstance(data__budget__sources_item__reportedscore, bool):
                                        if data__budget__sources_item__reportedscore < 0:
                                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_score".format(**locals()) + " must be bigger than or equal to 0", value=data__budget__sources_item__reportedscore, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}].reported_score".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                                if data__budget__sources_item_keys:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}]".format(**locals()) + " must not contain "+str(data__budget__sources_item_keys)+" properties", value=data__budget__sources_item, name="" + (name_prefix or "data") + ".budget.sources[{data__budget__sources_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='additionalProperties')
                if data__budget_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".budget must not contain "+str(data__budget_keys)+" properties", value=data__budget, name="" + (name_prefix or "data") + ".budget", definition={'type': 'object', 'additionalProperties': False, 'properties': {'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'sources': {'type': ['array', 'null'], 'items': {'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}}}, rule='additionalProperties')
        if "goals" in data_keys:
            data_keys.remove("goals")
            data__goals = data["goals"]
            if not isinstance(data__goals, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals must be array", value=data__goals, name="" + (name_prefix or "data") + ".goals", definition={'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}, rule='type')
            data__goals_is_list = isinstance(data__goals, (list, tuple))
            if data__goals_is_list:
                data__goals_len = len(data__goals)
                for data__goals_x, data__goals_item in enumerate(data__goals):
                    if not isinstance(data__goals_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}]".format(**locals()) + " must be object", value=data__goals_item, name="" + (name_prefix or "data") + ".goals[{data__goals_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='type')
                    data__goals_item_is_dict = isinstance(data__goals_item, dict)
                    if data__goals_item_is_dict:
                        data__goals_item__missing_keys = set(['id']) - data__goals_item.keys()
                        if data__goals_item__missing_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}]".format(**locals()) + " must contain " + (str(sorted(data__goals_item__missing_keys)) + " properties"), value=data__goals_item, name="" + (name_prefix or "data") + ".goals[{data__goals_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='required')
                        data__goals_item_keys = set(data__goals_item.keys())
                        if "id" in data__goals_item_keys:
                            data__goals_item_keys.remove("id")
                            data__goals_item__id = data__goals_item["id"]
                            if not isinstance(data__goals_item__id, (int, str)) and not (isinstance(data__goals_item__id, float) and data__goals_item__id.is_integer()) or isinstance(data__goals_item__id, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}].id".format(**locals()) + " must be integer or string", value=data__goals_item__id, name="" + (name_prefix or "data") + ".goals[{data__goals_x}].id".format(**locals()) + "", definition={'type': ['integer', 'string']}, rule='type')
                        if "text" in data__goals_item_keys:
                            data__goals_item_keys.remove("text")
                            data__goals_item__text = data__goals_item["text"]
                            if not isinstance(data__goals_item__text, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}].text".format(**locals()) + " must be string or null", value=data__goals_item__text, name="" + (name_prefix or "data") + ".goals[{data__goals_x}].text".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if "weight" in data__goals_item_keys:
                            data__goals_item_keys.remove("weight")
                            data__goals_item__weight = data__goals_item["weight"]
                            if not isinstance(data__goals_item__weight, (int, float, Decimal, NoneType)) or isinstance(data__goals_item__weight, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}].weight".format(**locals()) + " must be number or null", value=data__goals_item__weight, name="" + (name_prefix or "data") + ".goals[{data__goals_x}].weight".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                            if isinstance(data__goals_item__weight, (int, float, Decimal)) and not isinstance(data__goals_item__weight, bool):
                                if data__goals_item__weight < 0:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}].weight".format(**locals()) + " must be bigger than or equal to 0", value=data__goals_item__weight, name="" + (name_prefix or "data") + ".goals[{data__goals_x}].weight".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                        if "reported_score" in data__goals_item_keys:
                            data__goals_item_keys.remove("reported_score")
                            data__goals_item__reportedscore = data__goals_item["reported_score"]
                            if not isinstance(data__goals_item__reportedscore, (int, float, Decimal, NoneType)) or isinstance(data__goals_item__reportedscore, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}].reported_score".format(**locals()) + " must be number or null", value=data__goals_item__reportedscore, name="" + (name_prefix or "data") + ".goals[{data__goals_x}].reported_score".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                            if isinstance(data__goals_item__reportedscore, (int, float, Decimal)) and not isinstance(data__goals_item__reportedscore, bool):
                                if data__goals_item__reportedscore < 0:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}].reported_score".format(**locals()) + " must be bigger than or equal to 0", value=data__goals_item__reportedscore, name="" + (name_prefix or "data") + ".goals[{data__goals_x}].reported_score".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                        if data__goals_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".goals[{data__goals_x}]".format(**locals()) + " must not contain "+str(data__goals_item_keys)+" properties", value=data__goals_item, name="" + (name_prefix or "data") + ".goals[{data__goals_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='additionalProperties')
        if "indicators" in data_keys:
            data_keys.remove("indicators")
            data__indicators = data["indicators"]
            if not isinstance(data__indicators, (list, tuple)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators must be array", value=data__indicators, name="" + (name_prefix or "data") + ".indicators", definition={'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'properties': {'goal': {'type': ['integer', 'string', 'null']}, 'level1': {'type': ['string', 'null']}, 'level2': {'type': ['string', 'null']}, 'name': {'type': ['string', 'null']}, 'target': {'type': ['string', 'number', 'null']}, 'actual': {'type': ['string', 'number', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'direction': {'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, 'nature': {'type': ['string', 'null']}, 'unit': {'type': ['string', 'null']}, 'note': {'type': ['string', 'null']}}}}, rule='type')
            data__indicators_is_list = isinstance(data__indicators, (list, tuple))
            if data__indicators_is_list:
                data__indicators_len = len(data__indicators)
                for data__indicators_x, data__indicators_item in enumerate(data__indicators):
                    if not isinstance(data__indicators_item, (dict)):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}]".format(**locals()) + " must be object", value=data__indicators_item, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'properties': {'goal': {'type': ['integer', 'string', 'null']}, 'level1': {'type': ['string', 'null']}, 'level2': {'type': ['string', 'null']}, 'name': {'type': ['string', 'null']}, 'target': {'type': ['string', 'number', 'null']}, 'actual': {'type': ['string', 'number', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'direction': {'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, 'nature': {'type': ['string', 'null']}, 'unit': {'type': ['string', 'null']}, 'note': {'type': ['string', 'null']}}}, rule='type')
                    data__indicators_item_is_dict = isinstance(data__indicators_item, dict)
                    if data__indicators_item_is_dict:
                        data__indicators_item_keys = set(data__indicators_item.keys())
                        if "goal" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("goal")
                            data__indicators_item__goal = data__indicators_item["goal"]
                            if not isinstance(data__indicators_item__goal, (int, str, NoneType)) and not (isinstance(data__indicators_item__goal, float) and data__indicators_item__goal.is_integer()) or isinstance(data__indicators_item__goal, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].goal".format(**locals()) + " must be integer or string or null", value=data__indicators_item__goal, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].goal".format(**locals()) + "", definition={'type': ['integer', 'string', 'null']}, rule='type')
                        if "level1" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("level1")
                            data__indicators_item__level1 = data__indicators_item["level1"]
                            if not isinstance(data__indicators_item__level1, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].level1".format(**locals()) + " must be string or null", value=data__indicators_item__level1, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].level1".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if "level2" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("level2")
                            data__indicators_item__level2 = data__indicators_item["level2"]
                            if not isinstance(data__indicators_item__level2, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].level2".format(**locals()) + " must be string or null", value=data__indicators_item__level2, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].level2".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if "name" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("name")
                            data__indicators_item__name = data__indicators_item["name"]
                            if not isinstance(data__indicators_item__name, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].name".format(**locals()) + " must be string or null", value=data__indicators_item__name, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].name".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if "target" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("target")
                            data__indicators_item__target = data__indicators_item["target"]
                            if not isinstance(data__indicators_item__target, (str, int, float, Decimal, NoneType)) or isinstance(data__indicators_item__target, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].target".format(**locals()) + " must be string or number or null", value=data__indicators_item__target, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].target".format(**locals()) + "", definition={'type': ['string', 'number', 'null']}, rule='type')
                        if "actual" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("actual")
                            data__indicators_item__actual = data__indicators_item["actual"]
                            if not isinstance(data__indicators_item__actual, (str, int, float, Decimal, NoneType)) or isinstance(data__indicators_item__actual, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].actual".format(**locals()) + " must be string or number or null", value=data__indicators_item__actual, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].actual".format(**locals()) + "", definition={'type': ['string', 'number', 'null']}, rule='type')
                        if "weight" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("weight")
                            data__indicators_item__weight = data__indicators_item["weight"]
                            if not isinstance(data__indicators_item__weight, (int, float, Decimal, NoneType)) or isinstance(data__indicators_item__weight, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].weight".format(**locals()) + " must be number or null", value=data__indicators_item__weight, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].weight".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                            if isinstance(data__indicators_item__weight, (int, float, Decimal)) and not isinstance(data__indicators_item__weight, bool):
                                if data__indicators_item__weight < 0:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].weight".format(**locals()) + " must be bigger than or equal to 0", value=data__indicators_item__weight, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].weight".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                        if "reported_score" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("reported_score")
                            data__indicators_item__reportedscore = data__indicators_item["reported_score"]
                            if not isinstance(data__indicators_item__reportedscore, (int, float, Decimal, NoneType)) or isinstance(data__indicators_item__reportedscore, bool):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].reported_score".format(**locals()) + " must be number or null", value=data__indicators_item__reportedscore, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].reported_score".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                            if isinstance(data__indicators_item__reportedscore, (int, float, Decimal)) and not isinstance(data__indicators_item__reportedscore, bool):
                                if data__indicators_item__reportedscore < 0:
                                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].reported_score".format(**locals()) + " must be bigger than or equal to 0", value=data__indicators_item__reportedscore, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].reported_score".format(**locals()) + "", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                        if "direction" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("direction")
                            data__indicators_item__direction = data__indicators_item["direction"]
                            if not (isinstance(data__indicators_item__direction, str) and data__indicators_item__direction == 'positive' or isinstance(data__indicators_item__direction, str) and data__indicators_item__direction == 'negative' or isinstance(data__indicators_item__direction, str) and data__indicators_item__direction == 'exact' or isinstance(data__indicators_item__direction, str) and data__indicators_item__direction == 'qualitative' or isinstance(data__indicators_item__direction, str) and data__indicators_item__direction == 'deadline' or data__indicators_item__direction is None):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].direction".format(**locals()) + " must be one of ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]", value=data__indicators_item__direction, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].direction".format(**locals()) + "", definition={'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, rule='enum')
                        if "nature" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("nature")
                            data__indicators_item__nature = data__indicators_item["nature"]
                            if not isinstance(data__indicators_item__nature, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].nature".format(**locals()) + " must be string or null", value=data__indicators_item__nature, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].nature".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if "unit" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("unit")
                            data__indicators_item__unit = data__indicators_item["unit"]
                            if not isinstance(data__indicators_item__unit, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].unit".format(**locals()) + " must be string or null", value=data__indicators_item__unit, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].unit".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if "note" in data__indicators_item_keys:
                            data__indicators_item_keys.remove("note")
                            data__indicators_item__note = data__indicators_item["note"]
                            if not isinstance(data__indicators_item__note, (str, NoneType)):
                                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}].note".format(**locals()) + " must be string or null", value=data__indicators_item__note, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}].note".format(**locals()) + "", definition={'type': ['string', 'null']}, rule='type')
                        if data__indicators_item_keys:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators[{data__indicators_x}]".format(**locals()) + " must not contain "+str(data__indicators_item_keys)+" properties", value=data__indicators_item, name="" + (name_prefix or "data") + ".indicators[{data__indicators_x}]".format(**locals()) + "", definition={'type': 'object', 'additionalProperties': False, 'properties': {'goal': {'type': ['integer', 'string', 'null']}, 'level1': {'type': ['string', 'null']}, 'level2': {'type': ['string', 'null']}, 'name': {'type': ['string', 'null']}, 'target': {'type': ['string', 'number', 'null']}, 'actual': {'type': ['string', 'number', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'direction': {'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, 'nature': {'type': ['string', 'null']}, 'unit': {'type': ['string', 'null']}, 'note': {'type': ['string', 'null']}}}, rule='additionalProperties')
        if "indicators_total" in data_keys:
            data_keys.remove("indicators_total")
            data__indicatorstotal = data["indicators_total"]
            if not isinstance(data__indicatorstotal, (dict, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators_total must be object or null", value=data__indicatorstotal, name="" + (name_prefix or "data") + ".indicators_total", definition={'type': ['object', 'null'], 'additionalProperties': False, 'properties': {'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='type')
            data__indicatorstotal_is_dict = isinstance(data__indicatorstotal, dict)
            if data__indicatorstotal_is_dict:
                data__indicatorstotal_keys = set(data__indicatorstotal.keys())
                if "weight" in data__indicatorstotal_keys:
                    data__indicatorstotal_keys.remove("weight")
                    data__indicatorstotal__weight = data__indicatorstotal["weight"]
                    if not isinstance(data__indicatorstotal__weight, (int, float, Decimal, NoneType)) or isinstance(data__indicatorstotal__weight, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators_total.weight must be number or null", value=data__indicatorstotal__weight, name="" + (name_prefix or "data") + ".indicators_total.weight", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__indicatorstotal__weight, (int, float, Decimal)) and not isinstance(data__indicatorstotal__weight, bool):
                        if data__indicatorstotal__weight < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators_total.weight must be bigger than or equal to 0", value=data__indicatorstotal__weight, name="" + (name_prefix or "data") + ".indicators_total.weight", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if "reported_score" in data__indicatorstotal_keys:
                    data__indicatorstotal_keys.remove("reported_score")
                    data__indicatorstotal__reportedscore = data__indicatorstotal["reported_score"]
                    if not isinstance(data__indicatorstotal__reportedscore, (int, float, Decimal, NoneType)) or isinstance(data__indicatorstotal__reportedscore, bool):
                        raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators_total.reported_score must be number or null", value=data__indicatorstotal__reportedscore, name="" + (name_prefix or "data") + ".indicators_total.reported_score", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
                    if isinstance(data__indicatorstotal__reportedscore, (int, float, Decimal)) and not isinstance(data__indicatorstotal__reportedscore, bool):
                        if data__indicatorstotal__reportedscore < 0:
                            raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators_total.reported_score must be bigger than or equal to 0", value=data__indicatorstotal__reportedscore, name="" + (name_prefix or "data") + ".indicators_total.reported_score", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
                if data__indicatorstotal_keys:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".indicators_total must not contain "+str(data__indicatorstotal_keys)+" properties", value=data__indicatorstotal, name="" + (name_prefix or "data") + ".indicators_total", definition={'type': ['object', 'null'], 'additionalProperties': False, 'properties': {'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, rule='additionalProperties')
        if "reported_total" in data_keys:
            data_keys.remove("reported_total")
            data__reportedtotal = data["reported_total"]
            if not isinstance(data__reportedtotal, (int, float, Decimal, NoneType)) or isinstance(data__reportedtotal, bool):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reported_total must be number or null", value=data__reportedtotal, name="" + (name_prefix or "data") + ".reported_total", definition={'type': ['number', 'null'], 'minimum': 0}, rule='type')
            if isinstance(data__reportedtotal, (int, float, Decimal)) and not isinstance(data__reportedtotal, bool):
                if data__reportedtotal < 0:
                    raise JsonSchemaValueException("" + (name_prefix or "data") + ".reported_total must be bigger than or equal to 0", value=data__reportedtotal, name="" + (name_prefix or "data") + ".reported_total", definition={'type': ['number', 'null'], 'minimum': 0}, rule='minimum')
        if "reported_grade" in data_keys:
            data_keys.remove("reported_grade")
            data__reportedgrade = data["reported_grade"]
            if not isinstance(data__reportedgrade, (str, NoneType)):
                raise JsonSchemaValueException("" + (name_prefix or "data") + ".reported_grade must be string or null", value=data__reportedgrade, name="" + (name_prefix or "data") + ".reported_grade", definition={'type': ['string', 'null']}, rule='type')
        if data_keys:
            raise JsonSchemaValueException("" + (name_prefix or "data") + " must not contain "+str(data_keys)+" properties", value=data, name="" + (name_prefix or "data") + "", definition={'type': 'object', 'additionalProperties': False, 'required': ['form', 'project', 'indicators'], 'properties': {'ruleset': {'type': 'string'}, 'form': {'enum': ['project', 'department']}, 'project': {'type': 'object', 'additionalProperties': False, 'properties': {'name': {'type': ['string', 'null']}, 'department': {'type': ['string', 'null']}, 'implementer': {'type': ['string', 'null']}, 'year': {'type': ['integer', 'null'], 'minimum': 1990, 'maximum': 2100}}}, 'budget': {'type': 'object', 'additionalProperties': False, 'properties': {'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'sources': {'type': ['array', 'null'], 'items': {'type': 'object', 'additionalProperties': False, 'required': ['label'], 'properties': {'label': {'type': 'string'}, 'initial': {'type': ['number', 'null'], 'minimum': 0}, 'planned': {'type': ['number', 'null'], 'minimum': 0}, 'executed': {'type': ['number', 'null'], 'minimum': 0}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_rate': {'type': ['string', 'number', 'null'], 'pattern': '^\\s*([+-]?\\d+(\\.\\d+)?\\s*[%％]?|[-—–/／]*)\\s*$'}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}}}, 'goals': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'required': ['id'], 'properties': {'id': {'type': ['integer', 'string']}, 'text': {'type': ['string', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}}, 'indicators': {'type': 'array', 'items': {'type': 'object', 'additionalProperties': False, 'properties': {'goal': {'type': ['integer', 'string', 'null']}, 'level1': {'type': ['string', 'null']}, 'level2': {'type': ['string', 'null']}, 'name': {'type': ['string', 'null']}, 'target': {'type': ['string', 'number', 'null']}, 'actual': {'type': ['string', 'number', 'null']}, 'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}, 'direction': {'enum': ['positive', 'negative', 'exact', 'qualitative', 'deadline', None]}, 'nature': {'type': ['string', 'null']}, 'unit': {'type': ['string', 'null']}, 'note': {'type': ['string', 'null']}}}}, 'indicators_total': {'type': ['object', 'null'], 'additionalProperties': False, 'properties': {'weight': {'type': ['number', 'null'], 'minimum': 0}, 'reported_score': {'type': ['number', 'null'], 'minimum': 0}}}, 'reported_total': {'type': ['number', 'null'], 'minimum': 0}, 'reported_grade': {'type': ['string', 'null']}}}, rule='additionalProperties')
    return data