import { z } from 'zod';
import { roles } from '../roles.js';
import { phoneSchema } from './common.js';

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9_.-]+$/, { message: 'lowercase letters, digits, “_”, “.” and “-” only' });

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(60),
  unitCode: z.string().trim().min(1),
  phone: phoneSchema.nullish(),
  password: z.string().min(1).max(200),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: z.string().trim().min(1).max(60),
    unitCode: z.string().trim().min(1),
    phone: phoneSchema.nullable(),
    active: z.boolean(),
  })
  .partial();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const setRolesSchema = z.object({
  roles: z.array(z.enum(roles)).max(roles.length),
  reason: z.string().trim().max(500).optional(),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
