/* A minimal H5P content type: multiple-choice questions checked together.
 * Each question reports a child "answered" statement (with its parent in
 * context.contextActivities), the whole check a scored top-level "answered" and
 * "completed" through H5P's EventDispatcher and triggerXAPIScored. */
var H5P = H5P || {};
H5P.AcademyCheck = (function ($, EventDispatcher) {
  "use strict";

  function AcademyCheck(params, contentId, extras) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    var previous = (extras && extras.previousState) || {};
    this.answers = previous.answers || {};
  }

  AcademyCheck.prototype = Object.create(EventDispatcher.prototype);
  AcademyCheck.prototype.constructor = AcademyCheck;

  AcademyCheck.prototype.attach = function ($container) {
    var self = this;
    var questions = this.params.questions || [];
    var root = $("<form class=\"academy-check\"></form>");
    $("<h2></h2>").text(this.params.heading || "").appendTo(root);
    questions.forEach(function (question, index) {
      var fieldset = $("<fieldset></fieldset>").appendTo(root);
      $("<legend></legend>").text(question.text).appendTo(fieldset);
      (question.options || []).forEach(function (option, optionIndex) {
        var id = "academy-check-" + self.contentId + "-" + index + "-" + optionIndex;
        var line = $("<div></div>").appendTo(fieldset);
        var input = $("<input type=\"radio\">").attr({ id: id, name: "q" + index, value: optionIndex }).appendTo(line);
        if (self.answers[question.id] === optionIndex) { input.prop("checked", true); }
        input.on("change", function () { self.answers[question.id] = optionIndex; });
        $("<label></label>").attr("for", id).text(option).appendTo(line);
      });
    });
    $("<button type=\"submit\"></button>").text(this.params.checkLabel || "Check").appendTo(root);
    var feedback = $("<p class=\"academy-check-feedback\" role=\"status\"></p>").appendTo(root);
    root.on("submit", function (event) {
      event.preventDefault();
      var score = self.check();
      feedback.text(score + " / " + questions.length);
    });
    $container.addClass("h5p-academy-check").append(root);
  };

  AcademyCheck.prototype.check = function () {
    var self = this;
    var questions = this.params.questions || [];
    var score = 0;
    questions.forEach(function (question) {
      var chosen = self.answers[question.id];
      var right = chosen === question.correct;
      if (right) { score += 1; }
      var child = self.createXAPIEventTemplate("answered");
      var statement = child.data.statement;
      statement.object.id = statement.object.id + "?subContentId=" + question.id;
      statement.object.definition = {
        description: { "en-US": question.text },
        interactionType: "choice",
        type: "http://adlnet.gov/expapi/activities/cmi.interaction",
      };
      statement.context = statement.context || {};
      statement.context.contextActivities = statement.context.contextActivities || {};
      statement.context.contextActivities.parent = [{ id: self.getXAPIObjectId(), objectType: "Activity" }];
      child.setScoredResult(right ? 1 : 0, 1, self, true, right);
      statement.result.response = chosen === undefined ? "" : String(chosen);
      self.trigger(child);
    });
    var max = questions.length;
    var passed = max > 0 && score / max >= (this.params.passRatio || 0.5);
    this.triggerXAPIScored(score, max, "answered", true, passed);
    this.triggerXAPIScored(score, max, "completed", true, passed);
    return score;
  };

  AcademyCheck.prototype.getXAPIObjectId = function () {
    var url = H5PIntegration.contents["cid-" + this.contentId].url;
    return url || (window.location.href.split("#")[0] + "#" + this.contentId);
  };

  AcademyCheck.prototype.getCurrentState = function () {
    return { answers: this.answers };
  };

  return AcademyCheck;
})(H5P.jQuery, H5P.EventDispatcher);
