import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { RuleSetDefinition } from '@scb/matching';

/** A row of `matching_rule_sets`: one version of the matching rules, never updated. */
@Entity({ name: 'matching_rule_sets' })
@Check('matching_rule_sets_version_check', `version > 0`)
export class MatchingRuleSetEntity {
  /** 1, 2, 3…: the next version is max + 1, taken under a table lock. */
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  definition!: RuleSetDefinition;

  @Column({ type: 'text' })
  author!: string;

  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
