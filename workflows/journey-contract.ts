import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Command } from '../domain/commands';
import type { JourneyState } from '../domain/state';
import type { Actor } from '../domain/vocabulary';

/** A command as the workflow receives it: what to do, who is doing it, and optionally the version they saw. */
export interface CommandEnvelope {
  command: Command;
  actor: Actor;
  /** When set, the command is refused if the journey's stream has moved past this version. */
  expectedVersion?: number;
}

export interface CommandOutcome {
  /** The stream's version after the command. */
  version: number;
  /** The types of the events the command produced, in order. */
  events: string[];
}

export interface JourneyWorkflowInput {
  journeyId: string;
  /** How long a policy day lasts, captured when the journey opens (tests and demos shorten it). */
  policyDayMs: number;
  /** Carried across continue-as-new: the small state folded so far. */
  state?: JourneyState;
}

/**
 * The one way to change a journey. Its validator runs `decide` synchronously, so a refused command leaves
 * no trace in history; failures are `ApplicationFailure`s whose type the API maps to an HTTP status.
 */
export const executeCommand = defineUpdate<CommandOutcome, [CommandEnvelope]>('executeCommand');

/** The journey's state as the workflow holds it now. */
export const journeyState = defineQuery<JourneyState>('journeyState');

/** Failure types shared by the workflow and the API's error mapping. */
export const failureTypes = {
  domain: 'DomainError',
  invalidCommand: 'InvalidCommand',
  wrongExpectedVersion: 'WrongExpectedVersion',
} as const;
